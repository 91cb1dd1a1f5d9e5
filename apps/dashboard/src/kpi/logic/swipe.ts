export type Swipe = 'next' | 'previous' | null

// A deliberate sideways stroke: far enough, and mostly sideways (a scroll moves up or down).
const MIN_PX = 80

/** What a touch stroke from `start` to `end` asks: the next section (leftwards), the previous one, or nothing. */
export function swipeOf(start: { x: number; y: number }, end: { x: number; y: number }): Swipe {
  const dx = end.x - start.x
  const dy = end.y - start.y
  if (Math.abs(dx) < MIN_PX || Math.abs(dx) < 2 * Math.abs(dy)) return null
  return dx < 0 ? 'next' : 'previous'
}

/** The section a swipe leads to from `current` (clamped at both ends: no wrap-around). */
export function sectionAfter<T>(sections: readonly T[], current: number, swipe: Exclude<Swipe, null>): T {
  const i = Math.min(sections.length - 1, Math.max(0, current + (swipe === 'next' ? 1 : -1)))
  return sections[i]!
}
