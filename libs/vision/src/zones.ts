import type { Box, Point, Size, TrackedObject } from './types.js'

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

export interface ZoneOccupancy {
  zoneId: string
  count: number
  byClass: Record<number, number>
  trackIds: number[]
}

/** How many objects stand in each zone in one frame, per class, and which. */
export function zoneOccupancy(
  objects: readonly TrackedObject[],
  zones: readonly Zone[],
  frame: Size,
): ZoneOccupancy[] {
  return zones.map((zone) => {
    const occ: ZoneOccupancy = { zoneId: zone.id, count: 0, byClass: {}, trackIds: [] }
    for (const obj of objects) {
      if (!isInZone(obj.box, zone, frame)) continue
      occ.count++
      occ.byClass[obj.classId] = (occ.byClass[obj.classId] ?? 0) + 1
      occ.trackIds.push(obj.id)
    }
    return occ
  })
}

export interface DwellState {
  trackId: number
  zoneId: string
  classId: number
  /** Timestamp of the first frame the object was seen inside. */
  enteredAt: number
  /** Timestamp of the last frame the object was seen inside. */
  lastInsideAt: number
  /** lastInsideAt - enteredAt. */
  dwell: number
}

export interface DwellUpdate {
  /** Every (track, zone) currently inside, with its dwell so far. */
  inside: DwellState[]
  /** Stays that ended in this update (seen outside, or the track was removed), with their final dwell. */
  exited: DwellState[]
}

/**
 * Dwell time per track per zone: how long an object has stood in a zone without leaving it
 * (loitering, a vehicle stopped in a lane). A track missing from a frame has not left: the
 * tracker may just have missed it, and resetting its dwell there would hide the long stays that
 * alerts are about. A stay ends when the track is seen outside, or is removed.
 */
export class DwellTimer {
  private readonly stays = new Map<number, Map<string, DwellState>>()

  constructor(private readonly zones: readonly Zone[]) {}

  /** Feeds the tracks seen in a frame (boxes in source pixels). */
  update(objects: readonly TrackedObject[], frame: Size, timestamp: number): DwellUpdate {
    const exited: DwellState[] = []
    for (const obj of objects) {
      let mine = this.stays.get(obj.id)
      for (const zone of this.zones) {
        const stay = mine?.get(zone.id)
        if (isInZone(obj.box, zone, frame)) {
          if (stay) {
            stay.lastInsideAt = timestamp
            stay.dwell = timestamp - stay.enteredAt
            stay.classId = obj.classId
          } else {
            mine ??= new Map()
            this.stays.set(obj.id, mine)
            const fresh = {
              trackId: obj.id,
              zoneId: zone.id,
              classId: obj.classId,
              enteredAt: timestamp,
              lastInsideAt: timestamp,
              dwell: 0,
            }
            mine.set(zone.id, fresh)
          }
        } else if (stay) {
          mine!.delete(zone.id)
          exited.push({ ...stay })
        }
      }
      if (mine?.size === 0) this.stays.delete(obj.id)
    }
    return { inside: this.inside(), exited }
  }

  /** Ends every stay of a track the tracker removed; returns them with their final dwell. */
  removeTrack(trackId: number): DwellState[] {
    const mine = this.stays.get(trackId)
    this.stays.delete(trackId)
    return mine ? [...mine.values()].map((s) => ({ ...s })) : []
  }

  private inside(): DwellState[] {
    const all: DwellState[] = []
    for (const mine of this.stays.values()) for (const s of mine.values()) all.push({ ...s })
    return all
  }
}
