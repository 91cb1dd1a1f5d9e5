import type { CityKpis } from '@ioc/contracts'

/** online / total as a percentage with one decimal; null when there is nothing to count. */
export function share(online: number, total: number): CityKpis['camerasOnline'] {
  return { online, total, percent: total === 0 ? null : Math.round((online / total) * 1000) / 10 }
}
