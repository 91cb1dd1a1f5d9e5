import {
  alertCategorySchema,
  alertSeveritySchema,
  alertSourceTypeSchema,
  alertStatusSchema,
  alertSubCategorySchema,
  severityRank,
  type Alert,
} from '@ioc/contracts'

/**
 * The console's filter: facets whose values are alternatives (an empty list does not filter), a time
 * window on the alert's latest change, free text, and the sort. Pure data: it goes into the URL and
 * into saved filters as it is.
 */
export interface AlertFilter {
  status: string[]
  ack: string[]
  severity: string[]
  category: string[]
  subCategory: string[]
  district: string[]
  sourceType: string[]
  /** One source (the details pane's "same source" link); null: any. */
  sourceId: string | null
  time: TimeWindow
  text: string
  sort: SortKey
}

export const facetKeys = [
  'status',
  'ack',
  'severity',
  'category',
  'subCategory',
  'district',
  'sourceType',
] as const
export type FacetKey = (typeof facetKeys)[number]

export const timeWindows = ['1h', '6h', '24h', '7d', 'all'] as const
export type TimeWindow = (typeof timeWindows)[number]
const windowMs: Record<TimeWindow, number> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  all: Number.POSITIVE_INFINITY,
}

/** severity: most severe first, then the latest change; recent: latest change; raised: newest raised; oldest: longest waiting. */
export const sortKeys = ['severity', 'recent', 'raised', 'oldest'] as const
export type SortKey = (typeof sortKeys)[number]

/** The value an alert has in each facet; province-wide alerts have the district ''. */
export const facetValue: Readonly<Record<FacetKey, (a: Alert) => string>> = {
  status: (a) => a.status,
  ack: (a) => (a.acknowledged ? 'acknowledged' : 'unacknowledged'),
  severity: (a) => a.severity,
  category: (a) => a.category,
  subCategory: (a) => a.subCategory,
  district: (a) => a.district ?? '',
  sourceType: (a) => a.sourceType,
}

/** The values each facet offers, in the order they are listed (districts come from the alerts). */
export const facetOptions: Readonly<Record<Exclude<FacetKey, 'district'>, readonly string[]>> = {
  status: alertStatusSchema.options,
  ack: ['unacknowledged', 'acknowledged'],
  severity: alertSeveritySchema.options,
  category: alertCategorySchema.options,
  subCategory: alertSubCategorySchema.options,
  sourceType: alertSourceTypeSchema.options,
}

/** What a triage shift opens on: the alerts still active, most severe first. */
export const defaultFilter: AlertFilter = {
  status: ['active'],
  ack: [],
  severity: [],
  category: [],
  subCategory: [],
  district: [],
  sourceType: [],
  sourceId: null,
  time: 'all',
  text: '',
  sort: 'severity',
}

/**
 * Lower case without diacritics, so that "ngap" finds "Ngập" and "hoi an" finds "Hội An": staff
 * type fast, and often without the Vietnamese keyboard.
 */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
}

/** The words the free text is searched in: the alert's own, plus its labels in the current language. */
export type SearchLabel = (alert: Alert) => string

// One folded text per alert object: the store replaces an alert's object on each change, so a
// WeakMap keyed by it is never stale, and the fold is paid once per change rather than per keystroke.
const haystacks = new WeakMap<Alert, { label: SearchLabel; text: string }>()
function haystack(alert: Alert, label: SearchLabel): string {
  const known = haystacks.get(alert)
  if (known && known.label === label) return known.text
  const text = fold(
    [
      alert.title,
      alert.description,
      alert.sourceId,
      alert.district ?? '',
      alert.assignee ?? '',
      alert.ackBy ?? '',
      alert.id,
      label(alert),
    ].join('\n'),
  )
  haystacks.set(alert, { label, text })
  return text
}

/**
 * Folds the texts of `alerts` before the first search needs them, a slice at a time while the page
 * is idle: 10,000 alerts took the first keystroke ~470 ms in Chromium (bench:console), the next ones
 * ~20 ms. Returns the cancel for when the alerts or the labels change again.
 */
export function prepareSearch(alerts: readonly Alert[], label: SearchLabel): () => void {
  let next = 0
  let cancelled = false
  const idle = (work: () => void) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(work) : setTimeout(work, 0)
  const slice = () => {
    if (cancelled) return
    for (const end = Math.min(alerts.length, next + 500); next < end; next++) haystack(alerts[next]!, label)
    if (next < alerts.length) idle(slice)
  }
  idle(slice)
  return () => {
    cancelled = true
  }
}

/** Every word of the query must be found (in any order). */
export function queryWords(text: string): string[] {
  return fold(text).split(/\s+/).filter(Boolean)
}

interface Context {
  filter: AlertFilter
  now: number
  words: string[]
  label: SearchLabel
}

/** The checks other than the facets: time window, source and text. */
function passesRest(alert: Alert, c: Context): boolean {
  if (c.filter.sourceId !== null && alert.sourceId !== c.filter.sourceId) return false
  if (c.filter.time !== 'all' && c.now - Date.parse(alert.lastSeen) > windowMs[c.filter.time]) return false
  if (c.words.length > 0) {
    const text = haystack(alert, c.label)
    for (const word of c.words) if (!text.includes(word)) return false
  }
  return true
}

/** The facet the alert fails, 'many' when more than one, null when it passes them all. */
function failedFacet(alert: Alert, filter: AlertFilter): FacetKey | 'many' | null {
  let failed: FacetKey | null = null
  for (const key of facetKeys) {
    const wanted = filter[key]
    if (wanted.length === 0 || wanted.includes(facetValue[key](alert))) continue
    if (failed !== null) return 'many'
    failed = key
  }
  return failed
}

export type FacetCounts = Record<FacetKey, Map<string, number>>

export interface FilterResult {
  /** Matching alerts, sorted. */
  alerts: Alert[]
  /**
   * Per facet value, how many alerts would match with that value chosen in its facet and every
   * other facet as it is (the counts beside each checkbox, as in faceted search).
   */
  counts: FacetCounts
}

// one function, not a fresh default per call: the folded texts are cached per label function
const noLabel: SearchLabel = () => ''

/** Filters, counts and sorts in one pass over the alerts (10,000 alerts: a few milliseconds). */
export function applyFilter(
  alerts: readonly Alert[],
  filter: AlertFilter,
  { now = Date.now(), label = noLabel }: { now?: number; label?: SearchLabel } = {},
): FilterResult {
  const c: Context = { filter, now, words: queryWords(filter.text), label }
  const counts = Object.fromEntries(facetKeys.map((k) => [k, new Map<string, number>()])) as FacetCounts
  const bump = (key: FacetKey, alert: Alert) => {
    const value = facetValue[key](alert)
    counts[key].set(value, (counts[key].get(value) ?? 0) + 1)
  }
  const matching: Alert[] = []
  for (const alert of alerts) {
    if (!passesRest(alert, c)) continue
    const failed = failedFacet(alert, filter)
    if (failed === 'many') continue
    if (failed !== null) {
      bump(failed, alert)
      continue
    }
    for (const key of facetKeys) bump(key, alert)
    matching.push(alert)
  }
  return { alerts: sortAlerts(matching, filter.sort), counts }
}

// ISO times of one format (the api's toISOString) order as plain strings: no parsing, and no
// localeCompare, which is ten times slower and would be most of a 10,000-alert sort.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const byRecent = (a: Alert, b: Alert) => cmp(b.lastSeen, a.lastSeen) || b.seq - a.seq
const comparators: Record<SortKey, (a: Alert, b: Alert) => number> = {
  severity: (a, b) => severityRank[a.severity] - severityRank[b.severity] || byRecent(a, b),
  recent: byRecent,
  raised: (a, b) => cmp(b.firstSeen, a.firstSeen) || b.seq - a.seq,
  oldest: (a, b) => cmp(a.firstSeen, b.firstSeen) || a.seq - b.seq,
}

export function sortAlerts(alerts: Alert[], sort: SortKey): Alert[] {
  return alerts.sort(comparators[sort])
}

/** The districts to offer: those of the alerts at hand, province-wide ('') last. */
export function districtOptions(alerts: readonly Alert[], chosen: readonly string[]): string[] {
  const set = new Set<string>(chosen)
  for (const a of alerts) set.add(a.district ?? '')
  const named = [...set].filter((d) => d !== '').sort((a, b) => a.localeCompare(b, 'vi'))
  return set.has('') ? [...named, ''] : named
}

/** Toggles one value of one facet (a checkbox). */
export function toggleFacet(filter: AlertFilter, key: FacetKey, value: string): AlertFilter {
  const current = filter[key]
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value]
  return { ...filter, [key]: next }
}

/** How many facets, text, source and time differ from the default (whether "clear filters" shows). */
export function activeFilterCount(filter: AlertFilter): number {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((v) => b.includes(v))
  return (
    facetKeys.filter((k) => !same(filter[k], defaultFilter[k])).length +
    (filter.text.trim() !== '' ? 1 : 0) +
    (filter.sourceId !== null ? 1 : 0) +
    (filter.time !== 'all' ? 1 : 0)
  )
}
