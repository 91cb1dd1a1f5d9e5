import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema, mapBoundariesSchema, mapConfigSchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { startTestApi, type TestApi } from './support/api.js'

// The demo's file: 63 provinces of Viet Nam, read from ../shared at run time, never committed.
const provincesFile = new URL('../../../../shared/geo/vietnam-provinces.geojson', import.meta.url).pathname
const postgres = testTargets.find((t) => t.name === 'postgres')!

describe('GET /api/map/boundaries and /api/map/config', () => {
  let api: TestApi
  let bare: TestApi
  const dir = mkdtempSync(join(tmpdir(), 'ioc-map-'))
  const badFile = join(dir, 'roads.geojson')
  writeFileSync(
    badFile,
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: {
            type: 'LineString',
            coordinates: [
              [108, 15],
              [108.1, 15.1],
            ],
          },
          properties: { name: 'QL1A' },
        },
      ],
    }),
  )

  beforeAll(async () => {
    api = await startTestApi(postgres, {
      IOC_MAP_BOUNDARIES_FILE: provincesFile,
      IOC_MAP_STYLE_URL: 'https://tiles.example.vn/styles/dark.json',
    })
    bare = await startTestApi(postgres)
  })
  afterAll(async () => {
    await api?.close()
    await bare?.close()
  })

  it('serves the configured file to a signed-in user, parsed by its contract', async () => {
    const res = await api.request('/map/boundaries', { as: 'operator' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const body = mapBoundariesSchema.parse(await res.json())
    expect(body.features).toHaveLength(63)
    expect(body.features.map((f) => f.properties.name)).toEqual(
      expect.arrayContaining(['Quảng Nam', 'Đà Nẵng']),
    )
  })

  it('refuses an anonymous caller with 401 in the one error body', async () => {
    const res = await api.request('/map/boundaries')
    expect(res.status).toBe(401)
    expect(errorBodySchema.parse(await res.json()).code).toBe('unauthorized')
  })

  it('is cached: private max-age, and 304 for the same ETag', async () => {
    const first = await api.request('/map/boundaries', { as: 'leader' })
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^"[\w-]{10,}"$/)
    expect(first.headers.get('cache-control')).toContain('private')
    const again = await api.request('/map/boundaries', { as: 'leader', headers: { 'if-none-match': etag! } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  it('answers 404 map_boundaries_not_configured when no file is configured', async () => {
    const res = await bare.request('/map/boundaries', { as: 'operator' })
    expect(res.status).toBe(404)
    expect(errorBodySchema.strict().parse(await res.json()).code).toBe('map_boundaries_not_configured')
  })

  it('tells the dashboard the style URL and whether boundaries exist', async () => {
    const configured = mapConfigSchema.parse(
      await (await api.request('/map/config', { as: 'operator' })).json(),
    )
    expect(configured).toEqual({ styleUrl: 'https://tiles.example.vn/styles/dark.json', boundaries: true })
    const plain = mapConfigSchema.parse(await (await bare.request('/map/config', { as: 'operator' })).json())
    expect(plain).toEqual({ styleUrl: null, boundaries: false })
  })

  it('answers 503 with the reason when the file is not a collection of polygons', async () => {
    const wrong = await startTestApi(postgres, { IOC_MAP_BOUNDARIES_FILE: badFile })
    try {
      const res = await wrong.request('/map/boundaries', { as: 'operator' })
      expect(res.status).toBe(503)
      const error = errorBodySchema.parse(await res.json())
      expect(error.code).toBe('map_boundaries_unreadable')
      expect(error.message).toContain('geometry')
      expect(error.message).not.toContain(dir)
    } finally {
      await wrong.close()
    }
  })
})
