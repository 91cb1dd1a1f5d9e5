// What ffmpeg's stderr says about a camera, turned into facts the supervisor can act on. Pure.
import { classifyCameraFailure, redactUrlsInText } from '@ioc/contracts'

/** The reason a pull failed, from the lines ffmpeg printed (one rule with the api's camera test). */
export const classifyFailure = classifyCameraFailure

// ffmpeg's closing summary and stream descriptions say nothing about why it stopped
const NOT_A_REASON =
  /^\s*(?:video:\d+kB|frame=|Stream mapping|Stream #|Output #|Input #|Metadata|Duration|encoder|Press \[q\]|\[out#|Exiting normally|\w+\s*:)/

/** The line that best says why ffmpeg stopped, redacted; a fixed phrase when it said nothing. */
export function explainExit(lines: readonly string[], error: string | null): string {
  const matching = [...lines].reverse().find((line) => classifyFailure([line]) !== null)
  // ffmpeg that ended without an error read the end of the stream: its last lines are descriptions
  const meaningful =
    error === null
      ? undefined
      : [...lines].reverse().find((line) => line.trim() !== '' && !NOT_A_REASON.test(line))
  const text = matching ?? meaningful ?? (error ? error.split('\n')[0] : 'the camera ended the stream')
  return redactLine(text!.trim()).slice(0, 500)
}

/** True when the camera answered 461: it does not serve RTP over TCP. */
export function refusesTcp(lines: readonly string[]): boolean {
  return lines.some((line) => /\b461\b|Unsupported transport/i.test(line))
}

/** A line fit for a log or a status detail: URLs without user info, secrets or publish signatures. */
export const redactLine = redactUrlsInText

export interface FfmpegStats {
  frame: number
  sizeKb: number | null
  timeS: number | null
  bitrateKbps: number | null
}

/** ffmpeg's progress line: `frame=  123 fps= 24 ... size=  1234kB time=00:00:05.12 bitrate=1974.3kbits/s`. */
export function parseStats(line: string): FfmpegStats | null {
  const frame = /frame=\s*(\d+)/.exec(line)
  if (!frame) return null
  const size = /size=\s*(\d+)kB/.exec(line)
  const time = /time=\s*(\d+):(\d+):(\d+(?:\.\d+)?)/.exec(line)
  const bitrate = /bitrate=\s*([\d.]+)kbits\/s/.exec(line)
  return {
    frame: Number(frame[1]),
    sizeKb: size ? Number(size[1]) : null,
    timeS: time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : null,
    bitrateKbps: bitrate ? Number(bitrate[1]) : null,
  }
}

export interface VideoSize {
  width: number
  height: number
}

/** The camera's stream: `Stream #0:0: Video: h264 (Main), yuv420p(progressive), 640x360, ...`. */
export function parseInputVideo(line: string): (VideoSize & { codec: string }) | null {
  const m = /Stream #0:\d+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})\b/.exec(line)
  return m ? { codec: m[1]!, width: Number(m[2]), height: Number(m[3]) } : null
}

/** The frames on the pipe: `Stream #2:0: Video: rawvideo (BGR[24] / 0x18524742), bgr24(...), 640x360`. */
export function parseRawOutput(line: string): VideoSize | null {
  const m = /Stream #\d+:\d+.*?: Video: rawvideo\b.*?\bbgr24\b.*?, (\d{1,5})x(\d{1,5})\b/.exec(line)
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null
}
