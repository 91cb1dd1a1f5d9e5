import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { filterFromQuery, filterToQuery } from './filter-codec.js'
import type { AlertFilter } from './filters.js'

/** The console's filter, kept in the URL (replace, not push: typing a search is not history). */
export function useConsoleFilter(): [AlertFilter, (next: AlertFilter) => void] {
  const [params, setParams] = useSearchParams()
  const key = params.toString()
  const filter = useMemo(() => filterFromQuery(key), [key])
  const setFilter = useCallback(
    (next: AlertFilter) =>
      setParams(
        (current) => {
          const params = new URLSearchParams(filterToQuery(next))
          // the shell's own parameter survives a filter change
          const kiosk = current.get('kiosk')
          if (kiosk !== null) params.set('kiosk', kiosk)
          return params
        },
        { replace: true },
      ),
    [setParams],
  )
  return [filter, setFilter]
}
