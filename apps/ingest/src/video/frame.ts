// The one shape in which the camera pipeline hands pictures to detection: raw pixels straight from
// ffmpeg's pipe (`-f rawvideo -pix_fmt bgr24`), BGR because YOLOX wants BGR and the pipe can give it
// without a conversion in JavaScript.

export interface Frame {
  cameraId: string
  /** Capture time, epoch milliseconds (when the frame left ffmpeg's pipe). */
  ts: number
  width: number
  height: number
  /** width x height x 3 bytes, rows top to bottom, BGR per pixel. */
  bgr: Buffer
}

/**
 * Receives the frames of one or more cameras; may drop frames it cannot keep up with, and may take
 * a frame's pixels (detection transfers them to its inference thread): a sender hands each frame
 * over once and does not read it again.
 */
export interface FrameSink {
  submit(frame: Frame): void
}
