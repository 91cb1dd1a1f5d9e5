import { describe, expect, it } from 'vitest'
import { filterFromQuery, filterToQuery } from './filter-codec.js'
import { defaultFilter } from './filters.js'
import {
  readSavedFilters,
  removeSavedFilter,
  SAVED_FILTERS_KEY,
  saveFilter,
  writeSavedFilters,
} from './saved-filters.js'

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial))
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  }
}

describe('filter codec', () => {
  it('writes only what differs from the default and reads it back', () => {
    expect(filterToQuery(defaultFilter)).toBe('')
    const filter = {
      ...defaultFilter,
      status: [],
      severity: ['critical', 'major'],
      district: ['Hội An', ''],
      text: ' ngập ',
      time: '24h' as const,
      sort: 'oldest' as const,
      sourceId: 'cam-1',
    }
    const query = filterToQuery(filter)
    expect(query).toBe(
      'status=-&severity=critical%2Cmajor&district=H%E1%BB%99i+An%2C&source=cam-1&time=24h&q=ng%E1%BA%ADp&sort=oldest',
    )
    expect(filterFromQuery(query)).toEqual({ ...filter, district: ['Hội An'], text: 'ngập' })
  })

  it('drops values it does not know', () => {
    expect(filterFromQuery('severity=critical,bogus&time=3y&sort=random&ack=acknowledged')).toEqual({
      ...defaultFilter,
      severity: ['critical'],
      ack: ['acknowledged'],
    })
  })
})

describe('saved filters', () => {
  it('saves, replaces by name (moving it first), removes, and survives a reload', () => {
    const storage = memoryStorage()
    let saved = saveFilter([], 'Nghiêm trọng', { ...defaultFilter, severity: ['critical'] })
    saved = saveFilter(saved, 'Hội An', { ...defaultFilter, district: ['Hội An'] })
    saved = saveFilter(saved, ' Nghiêm trọng ', { ...defaultFilter, severity: ['critical', 'major'] })
    expect(saved.map((s) => s.name)).toEqual(['Nghiêm trọng', 'Hội An'])
    expect(filterFromQuery(saved[0]!.query).severity).toEqual(['critical', 'major'])
    writeSavedFilters(storage, saved)
    expect(readSavedFilters(storage)).toEqual(saved)
    expect(removeSavedFilter(saved, 'Hội An').map((s) => s.name)).toEqual(['Nghiêm trọng'])
    expect(saveFilter(saved, '   ', defaultFilter)).toEqual(saved)
  })

  it('drops damaged entries and cleans what it keeps', () => {
    const storage = memoryStorage({
      [SAVED_FILTERS_KEY]: JSON.stringify([
        { name: 'ok', query: 'severity=critical,nonsense' },
        { name: 42, query: '' },
        null,
        { name: 'ok', query: 'time=1h' },
        { name: '', query: '' },
      ]),
    })
    expect(readSavedFilters(storage)).toEqual([{ name: 'ok', query: 'severity=critical' }])
    expect(readSavedFilters(memoryStorage({ [SAVED_FILTERS_KEY]: '{not json' }))).toEqual([])
    expect(readSavedFilters(memoryStorage({ [SAVED_FILTERS_KEY]: '{"a":1}' }))).toEqual([])
  })
})
