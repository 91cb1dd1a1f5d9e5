import type { Box, Point, Size } from './types.js'

/** A named polygon in normalised frame coordinates (0..1), so it survives a change of resolution. */
export interface Zone {
  id: string
  polygon: readonly Point[]
}

/**
 * Even-odd ray casting. A point exactly on an edge may fall either way; zones are drawn by hand,
 * so that sliver does not matter, and the half-open comparison at least never counts a point
 * twice for two zones sharing an edge.
 */
export function pointInPolygon(point: Point, polygon: readonly Point[]): boolean {
  const [x, y] = point
  let inside = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!
    const [xj, yj] = polygon[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Bottom-centre of a box: where an object touches the ground, so it stands in one zone only. */
export function bottomCentre(box: Box): Point {
  return [(box[0] + box[2]) / 2, box[3]]
}

/** Just below 1: the last position strictly inside the frame. */
const INSIDE_EDGE = 1 - 1e-9

/**
 * Bottom-centre of a box in source pixels, as normalised frame coordinates.
 *
 * Kept strictly inside the frame: a person close to the camera is cut off by the frame's bottom
 * edge (people.mp4 is full of them), so their box ends exactly at y = 1, and a zone drawn to the
 * frame's edge would never contain them under the half-open point-in-polygon rule.
 */
export function normalisedBottomCentre(box: Box, frame: Size): Point {
  const [x, y] = bottomCentre(box)
  const clamp = (v: number) => Math.min(INSIDE_EDGE, Math.max(0, v))
  return [clamp(x / frame.width), clamp(y / frame.height)]
}

/**
 * Whether an object (box in source pixels) is in a zone: its bottom-centre is (Frigate's rule).
 * The box's centre would put a tall truck in the lane beside it.
 */
export function isInZone(box: Box, zone: Zone, frame: Size): boolean {
  return pointInPolygon(normalisedBottomCentre(box, frame), zone.polygon)
}

/**
 * Zone occupancy: how many of these objects (boxes in source pixels) stand in each zone, by
 * isInZone. Every zone is listed, an empty one with 0. The ingest's crowd events and the api's
 * persons-in-zones figure both count with it, so the wall and the alerts agree on a crowd.
 */
export function zoneCounts(
  objects: readonly { box: Box }[],
  zones: readonly Zone[],
  frame: Size,
): Map<string, number> {
  const counts = new Map<string, number>(zones.map((z) => [z.id, 0]))
  for (const obj of objects)
    for (const zone of zones)
      if (isInZone(obj.box, zone, frame)) counts.set(zone.id, counts.get(zone.id)! + 1)
  return counts
}
