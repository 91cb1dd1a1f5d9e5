// The zone and line editor's pure part: points normalised to the picture (0..1, y downwards, as
// libs/contracts stores them), new ids, moving, and what the detections overlay highlights.
import type { CountLine, NormalizedPoint, Zone } from '@ioc/contracts'

export type Point = NormalizedPoint

const clamp01 = (v: number) => Math.min(1, Math.max(0, v))
const round = (v: number) => Math.round(v * 10_000) / 10_000

/** A pointer position over an element, normalised to it and clamped inside. */
export function normalise(
  clientX: number,
  clientY: number,
  rect: { left: number; top: number; width: number; height: number },
): Point {
  return [
    round(clamp01((clientX - rect.left) / rect.width)),
    round(clamp01((clientY - rect.top) / rect.height)),
  ]
}

/** The first `${prefix}-N` not taken. */
export function freeId(prefix: string, taken: readonly string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`${prefix}-${n}`)) return `${prefix}-${n}`
}

/** Every point moved by (dx, dy), the whole shape kept inside the picture. */
export function moved<P extends readonly Point[]>(points: P, dx: number, dy: number): Point[] {
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const ddx = Math.min(Math.max(dx, -Math.min(...xs)), 1 - Math.max(...xs))
  const ddy = Math.min(Math.max(dy, -Math.min(...ys)), 1 - Math.max(...ys))
  return points.map(([x, y]) => [round(x + ddx), round(y + ddy)] as Point)
}

/** Ray casting: whether `p` is inside the polygon. */
export function inside(p: Point, polygon: readonly Point[]): boolean {
  let hit = false
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!
    const [xj, yj] = polygon[j]!
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) hit = !hit
  }
  return hit
}

/**
 * Whether a detection box [x1, y1, x2, y2] (normalised) is in one of the zones: by its bottom
 * centre, as the ingest counts (libs/vision zones.ts), kept just inside the picture.
 */
export function boxInAnyZone(
  box: readonly [number, number, number, number],
  zones: readonly Zone[],
): boolean {
  const p: Point = [(box[0] + box[2]) / 2, Math.min(box[3], 0.999)]
  return zones.some((z) => inside(p, z.points))
}

/**
 * Where the direction arrows of a count line go: from its middle, towards the right-hand side of
 * someone standing on points[0] looking at points[1] (a crossing `leftToRight`, libs/vision
 * lines.ts), and the other way.
 */
export function lineArrows(
  line: Pick<CountLine, 'points'>,
  length = 0.06,
): { mid: Point; toRight: Point; toLeft: Point } {
  const [[ax, ay], [bx, by]] = line.points
  const mid: Point = [(ax + bx) / 2, (ay + by) / 2]
  const dx = bx - ax
  const dy = by - ay
  const norm = Math.hypot(dx, dy) || 1
  // y grows downwards: the right-hand side of a -> b is (-dy, dx)
  const rx = (-dy / norm) * length
  const ry = (dx / norm) * length
  return { mid, toRight: [mid[0] + rx, mid[1] + ry], toLeft: [mid[0] - rx, mid[1] - ry] }
}

/** A new zone from the corners drawn. */
export function newZone(points: readonly Point[], taken: readonly string[], name: string): Zone {
  return { id: freeId('zone', taken), name, kind: 'restricted', points: [...points] }
}

/** A new count line from its two ends, with placeholder direction names to be replaced. */
export function newLine(
  a: Point,
  b: Point,
  taken: readonly string[],
  name: string,
  dirs: [string, string],
): CountLine {
  return {
    id: freeId('line', taken),
    name,
    points: [a, b],
    directions: { leftToRight: dirs[0], rightToLeft: dirs[1] },
  }
}
