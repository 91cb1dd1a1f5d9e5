import { describe, expect, it } from 'vitest'
import {
  cameraCreateSchema,
  cameraHealthSchema,
  cameraSchema,
  cameraStatusSchema,
  cameraUpdateSchema,
  countLineSchema,
  toPublicCamera,
  zoneSchema,
} from './cameras.js'
import { defaultCameraRecording, joinSpans } from './recordings.js'

const input = {
  id: 'cam-tamky-01',
  name: 'Ngã tư Phan Chu Trinh - Hùng Vương',
  kind: 'traffic',
  lat: 15.5736,
  lon: 108.474,
  district: 'Tam Kỳ',
  rtspUrl: 'rtsp://admin:Abc%4012345@10.0.0.21:554/Streaming/Channels/101',
  username: 'viewer',
  password: 'v13wer!',
}

const zone = {
  id: 'lane-1',
  name: 'Làn xe máy',
  kind: 'lane',
  points: [
    [0.1, 0.5],
    [0.5, 0.5],
    [0.5, 1],
  ],
}

const line = {
  id: 'l1',
  name: 'Vạch dừng',
  points: [
    [0, 0.6],
    [1, 0.6],
  ],
  directions: { leftToRight: 'Hướng Hội An', rightToLeft: 'Hướng Tam Kỳ' },
}

describe('cameraCreateSchema', () => {
  it('fills the defaults', () => {
    const camera = cameraCreateSchema.parse(input)
    expect(camera).toEqual({
      ...input,
      detectFps: 5,
      modelId: 'yolox_nano',
      transport: 'auto',
      enabled: true,
      zones: [],
      lines: [],
      recording: defaultCameraRecording,
    })
  })

  it('accepts zones and count lines with normalised points', () => {
    const camera = cameraCreateSchema.parse({
      ...input,
      zones: [zone],
      lines: [line],
      transport: 'tcp',
      detectFps: 10,
    })
    expect(camera.zones).toEqual([zone])
    expect(camera.lines).toEqual([line])
  })

  it.each([
    ['detectFps 0', { detectFps: 0 }],
    ['detectFps 31', { detectFps: 31 }],
    ['detectFps 2.5', { detectFps: 2.5 }],
    ['transport', { transport: 'http' }],
    ['http URL', { rtspUrl: 'http://10.0.0.21/stream' }],
    ['unparseable URL', { rtspUrl: 'rtsp://admin:pa/ss@10.0.0.21/live' }],
    ['no host', { rtspUrl: 'rtsp:///live' }],
    [
      'point outside the frame',
      {
        zones: [
          {
            ...zone,
            points: [
              [0, 0],
              [1.2, 0],
              [1, 1],
            ],
          },
        ],
      },
    ],
    [
      'zone of two points',
      {
        zones: [
          {
            ...zone,
            points: [
              [0, 0],
              [1, 1],
            ],
          },
        ],
      },
    ],
    ['zone kind', { zones: [{ ...zone, kind: 'parking' }] }],
    ['repeated zone ids', { zones: [zone, zone] }],
    [
      'line of one point twice',
      {
        lines: [
          {
            ...line,
            points: [
              [0.5, 0.5],
              [0.5, 0.5],
            ],
          },
        ],
      },
    ],
    ['line without direction names', { lines: [{ ...line, directions: { leftToRight: 'A' } }] }],
  ])('rejects %s', (_name, patch) => {
    expect(cameraCreateSchema.safeParse({ ...input, ...patch }).success).toBe(false)
  })

  it('accepts rtsps and a URL without credentials', () => {
    expect(cameraCreateSchema.safeParse({ ...input, rtspUrl: 'rtsps://cam.example.vn/live' }).success).toBe(
      true,
    )
    expect(cameraCreateSchema.safeParse({ ...input, rtspUrl: 'RTSP://10.0.0.21/live' }).success).toBe(true)
  })
})

describe('the public camera', () => {
  it('carries no URL, user name or password', () => {
    const camera = toPublicCamera(cameraCreateSchema.parse(input))
    expect(camera).toEqual({
      id: 'cam-tamky-01',
      name: 'Ngã tư Phan Chu Trinh - Hùng Vương',
      kind: 'traffic',
      lat: 15.5736,
      lon: 108.474,
      district: 'Tam Kỳ',
      detectFps: 5,
      modelId: 'yolox_nano',
      transport: 'auto',
      enabled: true,
      zones: [],
      lines: [],
      recording: { mode: 'off', retentionDays: 7, preRollS: 5, postRollS: 10 },
      rtspUrlRedacted: 'rtsp://10.0.0.21:554/Streaming/Channels/101',
    })
    const json = JSON.stringify(camera)
    for (const secret of ['admin', 'Abc', 'viewer', 'v13wer', 'password', 'username', '"rtspUrl"']) {
      expect(json).not.toContain(secret)
    }
  })

  it('strips credentials from a stored row and refuses a redacted URL that is not', () => {
    const row = { ...cameraCreateSchema.parse(input), rtspUrlRedacted: 'rtsp://10.0.0.21/live' }
    expect(Object.keys(cameraSchema.parse(row)).sort()).toEqual(
      [
        'detectFps',
        'district',
        'enabled',
        'id',
        'kind',
        'lat',
        'lines',
        'lon',
        'modelId',
        'name',
        'recording',
        'rtspUrlRedacted',
        'transport',
        'zones',
      ].sort(),
    )
    expect(cameraSchema.safeParse({ ...row, rtspUrlRedacted: input.rtspUrl }).success).toBe(false)
  })

  it('writes the credential fields as writeOnly in JSON Schema', () => {
    const { properties } = cameraCreateSchema.toJSONSchema({ io: 'input' }) as {
      properties: Record<string, { writeOnly?: boolean }>
    }
    expect([
      properties['rtspUrl']?.writeOnly,
      properties['username']?.writeOnly,
      properties['password']?.writeOnly,
    ]).toEqual([true, true, true])
    expect(JSON.stringify(cameraSchema.toJSONSchema())).not.toContain('password')
  })
})

describe('camera status and health', () => {
  it('validates a status with and without a reason', () => {
    const online = { cameraId: 'cam-01', state: 'online', reason: null, at: '2025-06-01T00:00:00Z' }
    expect(cameraStatusSchema.parse(online)).toEqual(online)
    const down = { cameraId: 'cam-01', state: 'offline', reason: 'auth_failed', at: '2025-06-01T00:00:00Z' }
    expect(cameraStatusSchema.parse(down)).toEqual(down)
    expect(cameraStatusSchema.safeParse({ ...down, reason: 'boom' }).success).toBe(false)
    expect(cameraStatusSchema.safeParse({ ...down, state: 'broken' }).success).toBe(false)
  })

  it('validates a health sample', () => {
    const sample = {
      cameraId: 'cam-01',
      ts: '2025-06-01T00:00:10Z',
      fpsIn: 25,
      fpsOut: 5,
      bitrateKbps: 2048.5,
      width: 1920,
      height: 1080,
      lastFrameAt: '2025-06-01T00:00:09.960Z',
      restarts: 0,
    }
    expect(cameraHealthSchema.parse(sample)).toEqual(sample)
    expect(
      cameraHealthSchema.safeParse({ ...sample, width: null, height: null, lastFrameAt: null }).success,
    ).toBe(true)
    expect(cameraHealthSchema.safeParse({ ...sample, fpsIn: -1 }).success).toBe(false)
    expect(cameraHealthSchema.safeParse({ ...sample, restarts: 0.5 }).success).toBe(false)
  })
})

describe('geometry', () => {
  it('zones and lines stand on their own', () => {
    expect(zoneSchema.parse(zone)).toEqual(zone)
    expect(countLineSchema.parse(line)).toEqual(line)
  })
})

describe('cameraUpdateSchema', () => {
  it('changes only what is given: no defaults slip in', () => {
    expect(cameraUpdateSchema.parse({ name: 'Cổng chợ Tam Kỳ' })).toEqual({ name: 'Cổng chợ Tam Kỳ' })
    expect(cameraUpdateSchema.parse({ password: null })).toEqual({ password: null })
  })

  it('refuses unknown fields and bad values, naming the field', () => {
    const unknown = cameraUpdateSchema.safeParse({ id: 'other' })
    expect(unknown.success).toBe(false)
    const bad = cameraUpdateSchema.safeParse({ detectFps: 0 })
    expect(bad.error?.issues[0]?.path).toEqual(['detectFps'])
    expect(cameraUpdateSchema.safeParse({ rtspUrl: 'http://x' }).success).toBe(false)
  })
})

describe('camera recording', () => {
  it('is off unless asked, and takes a mode with its days and rolls', () => {
    expect(
      cameraUpdateSchema.parse({
        recording: { mode: 'events', retentionDays: 3, preRollS: 5, postRollS: 10 },
      }),
    ).toEqual({ recording: { mode: 'events', retentionDays: 3, preRollS: 5, postRollS: 10 } })
    expect(
      cameraUpdateSchema.safeParse({
        recording: { mode: 'sometimes', retentionDays: 3, preRollS: 5, postRollS: 10 },
      }).success,
    ).toBe(false)
    expect(
      cameraUpdateSchema.safeParse({
        recording: { mode: 'off', retentionDays: 0, preRollS: 5, postRollS: 10 },
      }).success,
    ).toBe(false)
    expect(cameraCreateSchema.parse(input).recording).toEqual(defaultCameraRecording)
  })

  it('joins segments less than a second apart into one span', () => {
    expect(
      joinSpans([
        { start: 0, end: 4000 },
        { start: 4000, end: 8000 },
        { start: 8900, end: 12_000 },
        { start: 13_100, end: 14_000 },
      ]),
    ).toEqual([
      { start: 0, end: 12_000 },
      { start: 13_100, end: 14_000 },
    ])
  })
})
