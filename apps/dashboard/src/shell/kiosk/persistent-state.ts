import { useCallback, useState } from 'react'

/**
 * State kept in localStorage under `ioc.layout.<key>`, so that a kiosk reload (the watchdog's, or
 * after a crash) comes back with the same layout: tile layout, page, pinned tile... Values are
 * checked with `accept` on the way back in; anything else falls back to `initial`.
 */
export function usePersistentState<T>(
  key: string,
  initial: T,
  accept: (value: unknown) => value is T,
): [T, (next: T) => void] {
  const storageKey = `ioc.layout.${key}`
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(storageKey)
      const parsed: unknown = raw === null ? undefined : JSON.parse(raw)
      return accept(parsed) ? parsed : initial
    } catch {
      return initial
    }
  })
  const set = useCallback(
    (next: T) => {
      setValue(next)
      try {
        localStorage.setItem(storageKey, JSON.stringify(next))
      } catch {
        // storage full or disabled: the layout lasts until the reload
      }
    },
    [storageKey],
  )
  return [value, set]
}
