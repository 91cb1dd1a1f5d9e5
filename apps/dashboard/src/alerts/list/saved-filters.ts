import { filterFromQuery, filterToQuery } from './filter-codec.js'
import type { AlertFilter } from './filters.js'

/** A filter a user named, kept in this browser (a console is one person's desk for a shift). */
export interface SavedFilter {
  name: string
  /** The filter as its query string (filter-codec.ts), which is also how it is read back. */
  query: string
}

export const SAVED_FILTERS_KEY = 'ioc.alerts.savedFilters'
export const MAX_SAVED = 30
const MAX_NAME = 60

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>

/** The saved filters, each checked on the way back in; a damaged entry is dropped, not fatal. */
export function readSavedFilters(storage: Storage): SavedFilter[] {
  let raw: unknown
  try {
    raw = JSON.parse(storage.getItem(SAVED_FILTERS_KEY) ?? '[]')
  } catch {
    return []
  }
  if (!Array.isArray(raw)) return []
  const seen = new Set<string>()
  const out: SavedFilter[] = []
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue
    const { name, query } = item as Record<string, unknown>
    if (typeof name !== 'string' || typeof query !== 'string') continue
    const clean = name.trim().slice(0, MAX_NAME)
    if (clean === '' || seen.has(clean)) continue
    seen.add(clean)
    // through the codec, so what comes back is only what the current version understands
    out.push({ name: clean, query: filterToQuery(filterFromQuery(query)) })
  }
  return out.slice(0, MAX_SAVED)
}

/** Adds `filter` as `name` (replacing one of the same name, which moves to the top). */
export function saveFilter(saved: readonly SavedFilter[], name: string, filter: AlertFilter): SavedFilter[] {
  const clean = name.trim().slice(0, MAX_NAME)
  if (clean === '') return [...saved]
  return [{ name: clean, query: filterToQuery(filter) }, ...saved.filter((s) => s.name !== clean)].slice(
    0,
    MAX_SAVED,
  )
}

export function removeSavedFilter(saved: readonly SavedFilter[], name: string): SavedFilter[] {
  return saved.filter((s) => s.name !== name)
}

export function writeSavedFilters(storage: Storage, saved: readonly SavedFilter[]): void {
  try {
    storage.setItem(SAVED_FILTERS_KEY, JSON.stringify(saved))
  } catch {
    // storage full or disabled: the filters last until the reload
  }
}
