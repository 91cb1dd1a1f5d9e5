// The recordings timeline's arithmetic: where a time falls on the bar and back. Pure.
import type { CameraRecordings } from '@ioc/contracts'

export interface Window {
  fromMs: number
  toMs: number
}

export const timelineWindows = { '1h': 3600_000, '6h': 6 * 3600_000, '24h': 86400_000 } as const
export type TimelineWindow = keyof typeof timelineWindows

/** How long a clip the page asks for from a point of the timeline (the api cuts at most 15 min). */
export const PLAY_CLIP_MS = 10 * 60_000

export function windowEnding(nowMs: number, span: TimelineWindow): Window {
  return { fromMs: nowMs - timelineWindows[span], toMs: nowMs }
}

/** 0..1 along the bar, clamped. */
export function fraction(window: Window, atMs: number): number {
  const f = (atMs - window.fromMs) / (window.toMs - window.fromMs)
  return Math.min(1, Math.max(0, f))
}

export function timeAt(window: Window, f: number): number {
  return window.fromMs + Math.min(1, Math.max(0, f)) * (window.toMs - window.fromMs)
}

/** The spans as left/width fractions of the bar, each at least a pixel's worth wide. */
export function spanBoxes(window: Window, spans: CameraRecordings['spans'], minWidth = 0.002) {
  return spans.map((s) => {
    const left = fraction(window, Date.parse(s.start))
    const right = fraction(window, Date.parse(s.end))
    return { left, width: Math.max(minWidth, right - left), start: s.start, end: s.end }
  })
}

/** Whether something is recorded at `atMs` (a span holds it). */
export function recordedAt(spans: CameraRecordings['spans'], atMs: number): boolean {
  return spans.some((s) => Date.parse(s.start) <= atMs && atMs < Date.parse(s.end))
}

/** The first recorded moment at or after `atMs` (a click in a gap plays from the next span), or null. */
export function playableFrom(spans: CameraRecordings['spans'], atMs: number): number | null {
  if (recordedAt(spans, atMs)) return atMs
  const next = spans.map((s) => Date.parse(s.start)).find((start) => start > atMs)
  return next ?? null
}
