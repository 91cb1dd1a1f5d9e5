// How a pipeline's ffmpeg is told which camera to pull without the camera's password on its
// command line (every local user reads command lines, `ps` or /proc/<pid>/cmdline). ffmpeg's
// concat demuxer reads a one-entry ffconcat script from stdin; the script holds the URL with its
// credentials and, per `option` directive (ffmpeg >= 5.0), the RTSP options that would otherwise
// precede `-i`. The RTSP demuxer inside behaves as with `-i <url>`: one session, same packets,
// same messages on stderr (which redactLine cleans before anything leaves the process).
import type { PipelineCamera } from './camera-pipeline.js'
import type { FfmpegJob } from './ffmpeg-processes.js'

/** The URL ffmpeg is given: credentials percent-encoded into the user info. */
export function pullUrl(camera: Pick<PipelineCamera, 'rtspUrl' | 'username' | 'password'>): string {
  if (!camera.username) return camera.rtspUrl
  const url = new URL(camera.rtspUrl)
  url.username = encodeURIComponent(camera.username)
  url.password = camera.password ? encodeURIComponent(camera.password) : ''
  return url.href
}

export interface RtspInputOptions {
  transport: 'tcp' | 'udp'
  /** Socket I/O timeout: a camera that stops answering fails the attempt. */
  timeoutMs: number
  analyzeDurationUs: number
  probeSize: number
}

// The script itself comes over the pipe; the protocols are those an RTSP(S) pull uses.
const CONCAT_INPUT = ['-f', 'concat', '-safe', '0', '-protocol_whitelist', 'pipe,rtsp,rtsps,tcp,tls,udp,rtp']

/** ffconcat quoting: inside single quotes nothing is special, so a quote is closed, escaped, reopened. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** The input half of the pipeline's ffmpeg job: concat options on the command line, the URL on stdin. */
export function rtspInput(
  camera: Pick<PipelineCamera, 'rtspUrl' | 'username' | 'password'>,
  options: RtspInputOptions,
): Pick<FfmpegJob, 'input' | 'inputOptions'> {
  const rtspOptions: [string, string][] = [
    ['rtsp_transport', options.transport],
    ['timeout', String(Math.round(options.timeoutMs * 1000))],
    ['analyzeduration', String(options.analyzeDurationUs)],
    ['probesize', String(options.probeSize)],
  ]
  const script = [
    'ffconcat version 1.0',
    `file ${quote(pullUrl(camera))}`,
    ...rtspOptions.map(([name, value]) => `option ${name} ${value}`),
    '',
  ].join('\n')
  return {
    input: { stdin: script },
    inputOptions: [
      ...CONCAT_INPUT,
      // the concat demuxer probes what the RTSP demuxer gives it: no longer than that one does
      ...['-analyzeduration', String(options.analyzeDurationUs), '-probesize', String(options.probeSize)],
    ],
  }
}
