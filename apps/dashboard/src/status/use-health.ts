import { useEffect, useState } from 'react'
import { healthSchema, type Health } from '@ioc/contracts'

export type HealthState =
  | { kind: 'loading' }
  | { kind: 'ok'; report: Health; checkedAt: Date }
  | { kind: 'unreachable'; error: string; last: Health | null }

/** Polls GET /api/health; validates the answer instead of trusting its shape. */
export function useHealth(intervalMs = 5000): HealthState {
  const [state, setState] = useState<HealthState>({ kind: 'loading' })
  useEffect(() => {
    let cancelled = false
    let last: Health | null = null
    const check = async () => {
      try {
        const res = await fetch('/api/health', { headers: { accept: 'application/json' } })
        const report = healthSchema.parse(await res.json())
        last = report
        if (!cancelled) setState({ kind: 'ok', report, checkedAt: new Date() })
      } catch (err) {
        if (!cancelled) setState({ kind: 'unreachable', error: (err as Error).message, last })
      }
    }
    void check()
    const timer = setInterval(() => void check(), intervalMs)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [intervalMs])
  return state
}
