/**
 * The value axis of a history chart: every value and target inside with a margin, its ends on
 * round numbers of the data's own scale (a rank from 20 to 31 reads 18-34, not 18.9-32.1 or 10-40), never
 * below 0 for a share.
 */
export function chartDomain(
  values: readonly number[],
  floorAtZero: boolean,
): { domain: [number, number]; ticks: number[] } {
  const min = Math.min(...values)
  const max = Math.max(...values)
  const span = max - min || Math.abs(max) * 0.1 || 1
  const power = 10 ** Math.floor(Math.log10(span))
  // ticks of 2 when the span holds fewer than two powers of ten (20-31: steps of 2, not of 10)
  const step = span / power < 2 ? power / 5 : power
  const round = (x: number) => Number(x.toPrecision(12)) // 99.4, not 99.40000000000001
  const lo = round(Math.floor((min - span * 0.1) / step) * step)
  const hi = round(Math.ceil((max + span * 0.1) / step) * step)
  const start = floorAtZero ? Math.max(0, lo) : lo
  // the axis's own ticks on those round numbers (recharts' would split 60-110 as 60, 75, 90, 110)
  const every = (hi - start) / step > 8 ? step * 2 : step
  const end = round(start + Math.ceil(round((hi - start) / every)) * every)
  const ticks: number[] = []
  for (let i = 0; round(start + i * every) <= end; i++) ticks.push(round(start + i * every))
  return { domain: [start, end], ticks }
}
