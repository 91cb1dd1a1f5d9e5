// When a camera's sampled frame was captured, for the boxes the wall draws over the copied video
// (which left ffmpeg undecoded). One home for the rule, used by the pipeline and by the wall's
// box-offset benchmark, whose stand-in for detection must stamp frames as the ingest does.

/**
 * Decoder options of every camera input: slices decoded in parallel, never frames. Frame threading
 * holds each frame back by one frame per extra thread (a clock camera at fps=5 on 2 cores: 363 ms
 * old with ffmpeg's default threads, 284 with slices), and the boxes would trail the video by that.
 */
export const decoderInputOptions = ['-thread_type', 'slice'] as const

/**
 * The frame's moment, from when ffmpeg handed it over: its fps filter hands a frame over only when
 * the next output slot's first frame comes in, one output interval late (a clock camera: 123 ms old
 * at full rate, 197 at fps=10, 284 at fps=5, 579 at fps=2).
 */
export function sampledFrameTime(handedOverAt: number, detectFps: number): number {
  return handedOverAt - 1000 / detectFps
}
