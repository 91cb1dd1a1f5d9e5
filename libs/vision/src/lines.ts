import type { Point, Size, TrackedObject } from './types.js'
import { normalisedBottomCentre } from './zones.js'

/**
 * A directional count line from `a` to `b`, normalised frame coordinates (0..1, y down).
 *
 * Direction: stand on `a` and look towards `b` as drawn on the screen. An object crossing from
 * your left-hand side to your right-hand side is counted 'in'; from right to left, 'out'. For a
 * line drawn left to right across the screen, 'in' is moving downwards. Swap a and b to swap them.
 */
export interface CountLine {
  id: string
  a: Point
  b: Point
}

export type CrossingDirection = 'in' | 'out'

/**
 * Which side of the line through a->b a point is on: > 0 right-hand side (on screen, y down),
 * < 0 left-hand side, 0 on the line. Scaling x and y by positive factors keeps the sign, so it
 * can be evaluated in pixels or normalised coordinates alike.
 */
export function sideOfLine(p: Point, a: Point, b: Point): number {
  return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
}

/**
 * Direction in which the movement p -> q crosses the segment a-b, or null if it does not cross.
 * Only a move from one strict side to the other counts: touching the line and going back is not
 * a crossing. The crossing point must lie within the segment, not on its extension: a lane line
 * should not count the traffic on the next road.
 */
export function crossingDirection(
  p: Point,
  q: Point,
  line: Pick<CountLine, 'a' | 'b'>,
): CrossingDirection | null {
  const sp = sideOfLine(p, line.a, line.b)
  const sq = sideOfLine(q, line.a, line.b)
  if (sp === 0 || sq === 0 || sp > 0 === sq > 0) return null
  // a and b on opposite sides of (or on) the movement's line: the segments meet.
  const da = sideOfLine(line.a, p, q)
  const db = sideOfLine(line.b, p, q)
  if (da * db > 0) return null
  return sp < 0 ? 'in' : 'out'
}

export interface LineCrossing {
  lineId: string
  trackId: number
  classId: number
  direction: CrossingDirection
  timestamp: number
}

export interface DirectionCounts {
  total: number
  byClass: Record<number, number>
}

export interface LineCounts {
  in: DirectionCounts
  out: DirectionCounts
}

/**
 * Counts tracks crossing lines, once per crossing. For each track and line it remembers the last
 * bottom-centre that was strictly on one side; a crossing is a later point strictly on the other
 * side, with the path between them through the segment. An object that stops exactly on the line
 * is therefore counted once, when it leaves on the far side, not again each frame it stands there.
 * An object that crosses and comes back is counted 'in' and then 'out': two real crossings.
 */
export class LineCounter {
  private readonly last = new Map<number, Map<string, Point>>()
  private readonly totals = new Map<string, LineCounts>()

  constructor(private readonly lines: readonly CountLine[]) {
    for (const line of lines) this.totals.set(line.id, emptyCounts())
  }

  /** Feeds the tracks seen in a frame (boxes in source pixels); returns the crossings in it. */
  update(objects: readonly TrackedObject[], frame: Size, timestamp: number): LineCrossing[] {
    const crossings: LineCrossing[] = []
    for (const obj of objects) {
      const q = normalisedBottomCentre(obj.box, frame)
      let mine = this.last.get(obj.id)
      if (!mine) this.last.set(obj.id, (mine = new Map()))
      for (const line of this.lines) {
        if (sideOfLine(q, line.a, line.b) === 0) continue
        const p = mine.get(line.id)
        mine.set(line.id, q)
        if (!p) continue
        const direction = crossingDirection(p, q, line)
        if (!direction) continue
        const dir = this.totals.get(line.id)![direction]
        dir.total++
        dir.byClass[obj.classId] = (dir.byClass[obj.classId] ?? 0) + 1
        crossings.push({ lineId: line.id, trackId: obj.id, classId: obj.classId, direction, timestamp })
      }
    }
    return crossings
  }

  /** Forgets a track the tracker removed, so memory does not grow with every object ever seen. */
  removeTrack(trackId: number): void {
    this.last.delete(trackId)
  }

  /** Counts since construction (or the last reset), per line. */
  counts(): Record<string, LineCounts> {
    const out: Record<string, LineCounts> = {}
    for (const [id, c] of this.totals) {
      out[id] = {
        in: { total: c.in.total, byClass: { ...c.in.byClass } },
        out: { total: c.out.total, byClass: { ...c.out.byClass } },
      }
    }
    return out
  }

  /** Zeroes the counts (e.g. at the start of each reporting minute) but keeps the tracks' sides. */
  resetCounts(): void {
    for (const id of this.totals.keys()) this.totals.set(id, emptyCounts())
  }
}

function emptyCounts(): LineCounts {
  return { in: { total: 0, byClass: {} }, out: { total: 0, byClass: {} } }
}
