import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createServiceLogger, escapeControlCharacters } from './service-logger.js'

function capture() {
  const sink = new PassThrough()
  let text = ''
  sink.on('data', (c: Buffer) => (text += c.toString()))
  return { sink, text: () => text }
}

describe('createServiceLogger', () => {
  it('writes one JSON object a line: name, level by name, ISO time, fields', () => {
    const out = capture()
    const logger = createServiceLogger({ name: 'ingest', destination: out.sink, base: { instance: 'i-1' } })
    logger.info({ cameraId: 'cam-01' }, 'camera online')
    logger.debug('not at info')
    const lines = out.text().trim().split('\n')
    expect(lines).toHaveLength(1)
    const line = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(line).toMatchObject({
      name: 'ingest',
      level: 'info',
      instance: 'i-1',
      cameraId: 'cam-01',
      msg: 'camera online',
    })
    expect(new Date(line.time as string).toISOString()).toBe(line.time)
  })

  it('escapes control characters in what is logged: no forged line, no terminal escape', () => {
    const out = capture()
    createServiceLogger({ name: 'api', destination: out.sink }).warn(
      'failed login for "evil\nfake\u001b[31m\u2028"',
    )
    const text = out.text()
    expect(text.trim().split('\n')).toHaveLength(1)
    expect((JSON.parse(text) as { msg: string }).msg).toBe('failed login for "evil\\nfake\\x1b[31m\\u2028"')
    expect(escapeControlCharacters('a\tb\u0085')).toBe('a\\tb\\x85')
  })
})
