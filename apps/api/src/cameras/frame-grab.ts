// One frame from an RTSP camera with the system ffmpeg, for the "test connection" of the admin
// screen. The URL with its credentials goes to ffmpeg on stdin in a one-entry ffconcat script
// (as the ingest's pipelines do, apps/ingest/src/cameras/rtsp-input.ts): never on a command line
// every local user can read.
import { spawn } from 'node:child_process'

export interface GrabTarget {
  rtspUrl: string
  username: string | null
  password: string | null
}

export type GrabOutcome = { ok: true; jpeg: Buffer } | { ok: false; lines: string[]; timedOut: boolean }

/** The URL with the credentials percent-encoded into its user info. */
export function urlWithCredentials(target: GrabTarget): string {
  if (!target.username) return target.rtspUrl
  const url = new URL(target.rtspUrl)
  url.username = encodeURIComponent(target.username)
  url.password = target.password ? encodeURIComponent(target.password) : ''
  return url.href
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

export function grabFrame(
  target: GrabTarget,
  transport: 'tcp' | 'udp',
  timeoutMs: number,
  ffmpeg = 'ffmpeg',
): Promise<GrabOutcome> {
  // the socket timeout a little under the whole budget, so ffmpeg gives up by itself first
  const socketTimeoutMs = Math.max(500, timeoutMs - 1000)
  const socketTimeoutUs = socketTimeoutMs * 1000
  const script = [
    'ffconcat version 1.0',
    `file ${quote(urlWithCredentials(target))}`,
    `option rtsp_transport ${transport}`,
    `option timeout ${Math.round(socketTimeoutUs)}`,
    '',
  ].join('\n')
  const args = ['-hide_banner', '-loglevel', 'warning', '-f', 'concat', '-safe', '0']
  args.push('-protocol_whitelist', 'pipe,rtsp,rtsps,tcp,tls,udp,rtp', '-i', 'pipe:0')
  args.push('-frames:v', '1', '-q:v', '4', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1')
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let err = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)))
    child.on('error', (e) => {
      clearTimeout(timer)
      resolve({ ok: false, lines: [`ffmpeg: ${e.message}`], timedOut: false })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const jpeg = Buffer.concat(out)
      if (code === 0 && jpeg.length > 4 && jpeg.readUInt16BE(0) === 0xffd8) resolve({ ok: true, jpeg })
      // through the concat demuxer a socket timeout reads only "Impossible to open": a failure
      // that took the whole socket timeout is one
      else
        resolve({
          ok: false,
          lines: err.split('\n').filter((l) => l.trim() !== ''),
          timedOut: timedOut || Date.now() - started >= socketTimeoutMs - 100,
        })
    })
    child.stdin.on('error', () => {})
    child.stdin.end(script)
  })
}
