import type { AlertEvent } from '@ioc/contracts'

/** One line of the timeline: an audit event, or a run of repeats shown as one line. */
export type TimelineEntry =
  | { kind: 'event'; event: AlertEvent }
  | { kind: 'repeats'; first: AlertEvent; last: AlertEvent; count: number }

/**
 * The audit trail as the details pane lists it, newest first. A sensor over its threshold repeats
 * every minute: consecutive repeats become one line ("repeated 37 times, until 18:57"), so the
 * people's actions are not buried under the system's.
 */
export function timelineEntries(events: readonly AlertEvent[]): TimelineEntry[] {
  const out: TimelineEntry[] = []
  for (const event of events) {
    const last = out.at(-1)
    if (event.action === 'repeated' && last?.kind === 'repeats') {
      out[out.length - 1] = { ...last, last: event, count: last.count + 1 }
    } else if (event.action === 'repeated' && last?.kind === 'event' && last.event.action === 'repeated') {
      out[out.length - 1] = { kind: 'repeats', first: last.event, last: event, count: 2 }
    } else {
      out.push({ kind: 'event', event })
    }
  }
  return out.reverse()
}

/** What an event's detail says worth showing: a reading, a comment, a note, a detection. */
export function eventNote(event: AlertEvent): { metric: string; value: number } | { text: string } | null {
  const d = event.detail
  if (typeof d.text === 'string') return { text: d.text }
  if (typeof d.note === 'string') return { text: d.note }
  if (typeof d.metric === 'string' && typeof d.value === 'number') return { metric: d.metric, value: d.value }
  return null
}

/** A short name of the browser an action came from ("Chrome 131 on Linux"), or null. */
export function shortAgent(userAgent: string | null): string | null {
  if (!userAgent) return null
  const browser = /(Edg|Firefox|Chrome|Safari)\/(\d+)/.exec(userAgent.replace('Chromium', 'Chrome')) ?? null
  const os = /Windows|Android|iPhone|iPad|Mac OS X|Linux/.exec(userAgent)?.[0] ?? null
  const name = browser ? `${browser[1] === 'Edg' ? 'Edge' : browser[1]} ${browser[2]}` : null
  return [name, os?.replace('Mac OS X', 'macOS')].filter(Boolean).join(' · ') || null
}
