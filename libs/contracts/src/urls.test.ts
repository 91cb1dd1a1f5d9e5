import { describe, expect, it } from 'vitest'
import { hasUrlCredentials, redactUrlCredentials } from './urls.js'

describe('redactUrlCredentials', () => {
  it.each([
    ['rtsp://admin:secret@10.0.0.5:554/Streaming/Channels/101', 'rtsp://10.0.0.5:554/Streaming/Channels/101'],
    ['rtsp://admin@cam.local/live', 'rtsp://cam.local/live'],
    ['rtsp://admin:p@ss@cam.local/live', 'rtsp://cam.local/live'],
    ['rtsp://admin:pa/ss@10.0.0.5/live', 'rtsp://10.0.0.5/live'],
    ['rtsp://admin:pa#ss@10.0.0.5/live', 'rtsp://10.0.0.5/live'],
    [
      'rtsp://cam.local/cam/realmonitor?channel=1&user=admin&password=123',
      'rtsp://cam.local/cam/realmonitor?channel=1&user=***&password=***',
    ],
    ['mqtt://ingest:hunter22@broker.local:1883', 'mqtt://broker.local:1883'],
    ['rtsp://10.0.0.5:554/live', 'rtsp://10.0.0.5:554/live'],
    ['not a url', 'not a url'],
    ['', ''],
  ])('%s -> %s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected)
  })

  it('never leaves the password in the output', () => {
    for (const password of ['s3cr3t', 'p@ss', 'a/b', 'x#y', 'q?r', 'm:n']) {
      const out = redactUrlCredentials(`rtsp://admin:${password}@192.168.1.10/stream1`)
      expect(out).not.toContain(password)
      expect(out).not.toContain('admin')
    }
  })
})

describe('hasUrlCredentials', () => {
  it.each([
    ['rtsp://admin:secret@10.0.0.5/live', true],
    ['rtsp://admin@10.0.0.5/live', true],
    ['rtsp://admin:pa/ss@10.0.0.5/live', true],
    ['rtsp://10.0.0.5/live?password=x', true],
    ['rtsp://10.0.0.5/live?password=***', false],
    ['rtsp://10.0.0.5/live?channel=1', false],
    ['mqtt://localhost:1883', false],
    ['embedded', false],
  ])('%s -> %s', (input, expected) => {
    expect(hasUrlCredentials(input)).toBe(expected)
  })

  it('is false for everything redactUrlCredentials returns', () => {
    for (const url of ['rtsp://a:b@h/p?pwd=1&x=2', 'rtsp://a:b/c@h/p', 'mqtt://u:p@h:1883']) {
      expect(hasUrlCredentials(redactUrlCredentials(url))).toBe(false)
    }
  })
})
