import { describe, expect, it } from 'vitest'
import { fraction, playableFrom, recordedAt, spanBoxes, timeAt, windowEnding } from './timeline.js'

const t = (s: string) => Date.parse(`2026-12-04T10:${s}Z`)
const spans = [
  { start: '2026-12-04T10:10:00.000Z', end: '2026-12-04T10:20:00.000Z' },
  { start: '2026-12-04T10:30:00.000Z', end: '2026-12-04T10:40:00.000Z' },
]

describe('recordings timeline', () => {
  const window = windowEnding(t('00:00') + 3600_000, '1h')

  it('places times on the bar and back', () => {
    expect(window).toEqual({ fromMs: t('00:00'), toMs: t('00:00') + 3600_000 })
    expect(fraction(window, t('30:00'))).toBe(0.5)
    expect(fraction(window, t('00:00') - 1)).toBe(0)
    expect(timeAt(window, 0.25)).toBe(t('15:00'))
    expect(spanBoxes(window, spans).map((b) => [b.left, Number(b.width.toFixed(4))])).toEqual([
      [1 / 6, 0.1667],
      [0.5, 0.1667],
    ])
  })

  it('plays from the point clicked when recorded, else from the next span', () => {
    expect(recordedAt(spans, t('15:00'))).toBe(true)
    expect(recordedAt(spans, t('20:00'))).toBe(false)
    expect(playableFrom(spans, t('15:00'))).toBe(t('15:00'))
    expect(playableFrom(spans, t('25:00'))).toBe(t('30:00'))
    expect(playableFrom(spans, t('45:00'))).toBeNull()
  })
})
