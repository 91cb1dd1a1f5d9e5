import {
  defaultFilter,
  facetKeys,
  facetOptions,
  sortKeys,
  timeWindows,
  type AlertFilter,
  type SortKey,
  type TimeWindow,
} from './filters.js'

// The filter lives in the URL (a bookmark or a link in a shift report opens the same view) and saved
// filters are stored as the same query string, so there is one way to read a filter back, and it
// drops whatever it does not know (a value an older version wrote, a hand-edited link).

const MAX_TEXT = 200

/** The query string of `filter`, without what equals the default (short, readable links). */
export function filterToQuery(filter: AlertFilter): string {
  const params = new URLSearchParams()
  for (const key of facetKeys) {
    const same = sameSet(filter[key], defaultFilter[key])
    if (!same) params.set(key, filter[key].length === 0 ? '-' : filter[key].join(','))
  }
  if (filter.sourceId !== null) params.set('source', filter.sourceId)
  if (filter.time !== defaultFilter.time) params.set('time', filter.time)
  if (filter.text.trim() !== '') params.set('q', filter.text.trim())
  if (filter.sort !== defaultFilter.sort) params.set('sort', filter.sort)
  return params.toString()
}

/** The filter a query string describes; absent keys take the default, unknown values are dropped. */
export function filterFromQuery(query: string | URLSearchParams): AlertFilter {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query
  const filter: AlertFilter = { ...defaultFilter }
  for (const key of facetKeys) {
    const raw = params.get(key)
    if (raw === null) continue
    const values = raw === '-' ? [] : [...new Set(raw.split(','))].filter(Boolean)
    filter[key] =
      key === 'district'
        ? values.slice(0, 100)
        : values.filter((v) => (facetOptions[key] as readonly string[]).includes(v))
  }
  const source = params.get('source')
  if (source) filter.sourceId = source.slice(0, 128)
  const time = params.get('time')
  if (time && (timeWindows as readonly string[]).includes(time)) filter.time = time as TimeWindow
  const text = params.get('q')
  if (text) filter.text = text.slice(0, MAX_TEXT)
  const sort = params.get('sort')
  if (sort && (sortKeys as readonly string[]).includes(sort)) filter.sort = sort as SortKey
  return filter
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v))
}
