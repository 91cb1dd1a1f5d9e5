import { describe, expect, it } from 'vitest'
import { rtspInput } from './rtsp-input.js'

const options = {
  transport: 'tcp' as const,
  timeoutMs: 8000,
  analyzeDurationUs: 2_000_000,
  probeSize: 2_000_000,
}

describe('rtspInput', () => {
  it('puts the URL with its credentials on stdin, never among the arguments', () => {
    const input = rtspInput(
      { rtspUrl: 'rtsp://10.0.0.9:554/h264', username: 'admin', password: "p@ss:w'rd" },
      options,
    )
    expect(input.inputOptions.join(' ')).not.toMatch(/p@ss|p%40ss|rtsp:\/\//)
    expect(input.input).toEqual({
      stdin: [
        'ffconcat version 1.0',
        // ffconcat quoting: the quote closes, is escaped, reopens
        `file 'rtsp://admin:p%40ss%3Aw'\\''rd@10.0.0.9:554/h264'`,
        'option rtsp_transport tcp',
        'option timeout 8000000',
        'option analyzeduration 2000000',
        'option probesize 2000000',
        '',
      ].join('\n'),
    })
  })

  it('leaves a URL without user alone', () => {
    const input = rtspInput({ rtspUrl: 'rtsp://cam/live', username: null, password: null }, options)
    expect((input.input as { stdin: string }).stdin).toContain(`file 'rtsp://cam/live'`)
  })
})
