import { useEffect, useState } from 'react'

/**
 * The clock, read every `everyMs`: whether a target's period is over changes at most once a day.
 * Not the wall ticker's `useNow`: importing it would bring the wall's alert code and CSS to tablets.
 */
export function useNow(everyMs: number): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), everyMs)
    return () => clearInterval(id)
  }, [everyMs])
  return now
}
