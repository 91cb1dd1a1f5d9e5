import type { BoundaryFeature } from '@ioc/contracts'
import { describe, expect, it } from 'vitest'
import { frameOf, frameSize, pathOf, project } from './svg-map.js'

const square: BoundaryFeature = {
  type: 'Feature',
  properties: { name: 'A' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [108, 15],
        [109, 15],
        [109, 16],
        [108, 16],
        [108, 15],
      ],
    ],
  },
}

describe('the KPI screen’s small SVG map', () => {
  it('frames the boundaries and points with a margin, north up, longitudes narrowed by latitude', () => {
    const f = frameOf([square], [{ lon: 108.5, lat: 15.5 }])!
    expect(f.west).toBeCloseTo(107.96)
    expect(f.north).toBeCloseTo(16.04)
    expect(f.kx).toBeCloseTo(Math.cos((15.5 * Math.PI) / 180))
    const { width, height } = frameSize(f, 300)
    expect(width).toBe(300)
    expect(height).toBe(Math.round(300 / f.kx))
    // the north-west corner near the top left, the south-east near the bottom right
    const nw = project(f, 300, { lon: 108, lat: 16 })
    const se = project(f, 300, { lon: 109, lat: 15 })
    expect(nw.x).toBeGreaterThan(0)
    expect(nw.y).toBeGreaterThan(0)
    expect(se.x).toBeLessThan(300)
    expect(se.y).toBeLessThan(height)
    expect(pathOf(f, 300, square)).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){4}Z$/)
  })

  it('has no frame without anything to draw', () => {
    expect(frameOf([], [])).toBeNull()
  })
})
