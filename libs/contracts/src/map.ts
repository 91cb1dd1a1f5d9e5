import { z } from 'zod'
import { latitudeSchema, longitudeSchema } from './common.js'

// The wall's map draws administrative boundaries from a GeoJSON file the site configures (a
// province's districts, or a country's provinces). Only areas matter, so only polygons are accepted:
// a file of roads or points is a configuration mistake worth a clear error, not an empty map.

// [lon, lat] or [lon, lat, altitude], as RFC 7946 orders them.
const positionSchema = z.union([
  z.tuple([longitudeSchema, latitudeSchema]),
  z.tuple([longitudeSchema, latitudeSchema, z.number()]),
])
export type MapPosition = z.infer<typeof positionSchema>

// A closed ring has at least 4 positions (the first repeated last).
const ringSchema = z.array(positionSchema).min(4)
const polygonCoordinatesSchema = z.array(ringSchema).min(1)

export const boundaryGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinatesSchema }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoordinatesSchema).min(1) }),
])
export type BoundaryGeometry = z.infer<typeof boundaryGeometrySchema>

export const boundaryFeatureSchema = z.object({
  type: z.literal('Feature'),
  geometry: boundaryGeometrySchema,
  // `name` is what the map shows and highlights; the file may carry any other properties.
  properties: z.looseObject({ name: z.string().trim().min(1).max(200) }),
})
export type BoundaryFeature = z.infer<typeof boundaryFeatureSchema>

/** The answer of GET /api/map/boundaries. */
export const mapBoundariesSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(boundaryFeatureSchema).max(10_000),
})
export type MapBoundaries = z.infer<typeof mapBoundariesSchema>

/** The answer of GET /api/map/config: what the site configured for its map. */
export const mapConfigSchema = z.object({
  // A MapLibre style URL (the site's tile server); null draws the boundaries on a plain background.
  styleUrl: z.url({ protocol: /^https?$/ }).nullable(),
  // Whether GET /api/map/boundaries has a file to serve.
  boundaries: z.boolean(),
})
export type MapConfig = z.infer<typeof mapConfigSchema>

export const mapErrorCodes = {
  boundariesNotConfigured: 'map_boundaries_not_configured',
  boundariesUnreadable: 'map_boundaries_unreadable',
} as const
