import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.js'
import {
  classifyFailure,
  explainExit,
  parseInputVideo,
  parseRawOutput,
  parseStats,
  redactLine,
  refusesTcp,
} from './ffmpeg-stderr.js'

// Lines as ffmpeg 5.1 prints them (copied from runs against the simulated cameras).
describe('ffmpeg stderr', () => {
  it('classifies failures', () => {
    expect(classifyFailure(['[rtsp @ 0x5591] method DESCRIBE failed: 401 Unauthorized'])).toBe('auth_failed')
    expect(classifyFailure(['[rtsp @ 0x1] method DESCRIBE failed: 404 Not Found'])).toBe('not_found')
    expect(
      classifyFailure([
        '[tcp @ 0x5] Connection to tcp://127.0.0.1:18554?timeout=0 failed: Connection refused',
      ]),
    ).toBe('refused')
    expect(classifyFailure(['rtsp://10.0.0.9/stream: Connection timed out'])).toBe('timeout')
    expect(classifyFailure(['rtsp://127.0.0.1:18557/stream: Invalid data found when processing input'])).toBe(
      'no_frames',
    )
    expect(classifyFailure(['Stream #0:0: Video: h264 (Main), yuv420p(progressive), 640x360'])).toBeNull()
    expect(refusesTcp(['[rtsp @ 0x1] method SETUP failed: 461 Unsupported transport'])).toBe(true)
    expect(refusesTcp(['method DESCRIBE failed: 401 Unauthorized'])).toBe(false)
  })

  it('redacts credentials and publish signatures from what it shows', () => {
    expect(redactLine('rtsp://admin:s3cr%40t@10.0.0.5:554/s1: Connection refused')).toBe(
      'rtsp://10.0.0.5:554/s1: Connection refused',
    )
    expect(redactLine("Output #0, flv, to 'rtmp://127.0.0.1:1935/live/cam?sign=1700000000-abcdef':")).toBe(
      "Output #0, flv, to 'rtmp://127.0.0.1:1935/live/cam?sign=***':",
    )
    expect(
      explainExit(
        [
          '[tcp @ 0x5] Connection to tcp://127.0.0.1:1 failed: Connection refused',
          'rtsp://a:b@127.0.0.1:1/s: Connection refused',
        ],
        'ffmpeg exited with code 1',
      ),
    ).toBe('rtsp://127.0.0.1:1/s: Connection refused')
    expect(
      explainExit(['video:14827kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB'], null),
    ).toBe('the camera ended the stream')
    expect(explainExit(['      Side data:', '        cpb: bitrate max/min/avg: 0/0/0'], null)).toBe(
      'the camera ended the stream',
    )
  })

  it('reads stats, the input stream and the raw output size', () => {
    expect(
      parseStats(
        'frame=  250 fps= 25 q=-1.0 q=-1.0 size=    1024kB time=00:00:10.00 bitrate= 838.9kbits/s speed=1x',
      ),
    ).toEqual({ frame: 250, sizeKb: 1024, timeS: 10, bitrateKbps: 838.9 })
    expect(parseStats('Stream mapping:')).toBeNull()
    expect(
      parseInputVideo(
        '  Stream #0:0: Video: h264 (Main), yuv420p(progressive), 800x450, 23.98 fps, 23.98 tbr, 90k tbn',
      ),
    ).toEqual({ codec: 'h264', width: 800, height: 450 })
    expect(
      parseRawOutput(
        '  Stream #2:0: Video: rawvideo (BGR[24] / 0x18524742), bgr24(pc, gbr/unknown/unknown, progressive), 640x360 [SAR 1:1 DAR 16:9], q=2-31, 27648 kb/s, 5 fps, 5 tbn',
      ),
    ).toEqual({ width: 640, height: 360 })
    expect(parseRawOutput('  Stream #1:0: Video: mjpeg, yuvj420p(pc, progressive), 640x360')).toBeNull()
  })
})

describe('backoff', () => {
  it('doubles up to the cap, spread by the jitter', () => {
    const mid = () => 0.5
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, undefined, mid))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ])
    expect(backoffDelay(2, undefined, () => 0)).toBe(1600)
    expect(backoffDelay(2, undefined, () => 1)).toBe(2400)
  })
})
