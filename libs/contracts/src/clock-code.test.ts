import { describe, expect, it } from 'vitest'
import {
  clockCodeAge,
  clockCodeBits,
  crc8,
  clockCellMeans,
  paintClockCode,
  readClockCode,
} from './clock-code.js'

const levelsOf = (bits: number[]) => bits.map((bit) => (bit ? 255 : 0))

describe('clock code', () => {
  it('computes CRC-8/SMBUS (poly 0x07): check value of "123456789" is 0xF4', () => {
    expect(crc8([...'123456789'].map((c) => c.charCodeAt(0)))).toBe(0xf4)
    expect(crc8([0, 0, 0, 0])).toBe(0)
  })

  it('lays out guards, the time most significant bit first, and its CRC', () => {
    const bits = clockCodeBits(0x80000001)
    expect(bits).toHaveLength(48)
    expect(bits.slice(0, 4)).toEqual([1, 0, 1, 0])
    expect(bits.slice(4, 36).join('')).toBe('1'.padEnd(31, '0') + '1')
    expect(bits.slice(36, 44).join('')).toBe(crc8([0x80, 0, 0, 1]).toString(2).padStart(8, '0'))
    expect(bits.slice(44)).toEqual([0, 1, 0, 1])
  })

  it('keeps the time modulo 2^32', () => {
    const now = 1_795_000_123_456
    expect(readClockCode(levelsOf(clockCodeBits(now)))).toBe(now % 2 ** 32)
    expect(readClockCode(levelsOf(clockCodeBits(2 ** 32 + 7)))).toBe(7)
  })

  it('reads back what it painted, for frames of any size', () => {
    for (const [width, height] of [
      [640, 360],
      [160, 90],
      [1280, 720],
    ] as const) {
      const ms = 1_795_000_000_000 + width
      expect(readClockCode(clockCellMeans(paintClockCode(ms, width, height), width, height))).toBe(
        ms % 2 ** 32,
      )
    }
  })

  it('paints whole blocks: a 640x360 frame has 80x60 cells', () => {
    const frame = paintClockCode(0, 640, 360)
    // guard 1,0,1,0 in the first row: white, black, white, black blocks
    expect([frame[0], frame[79], frame[80], frame[159], frame[160], frame[240]]).toEqual([
      255, 255, 0, 0, 255, 0,
    ])
    // last row starts at y = 300: bits 40..47 are crc 0 (4 bits) then guard 0,1,0,1
    expect(frame[300 * 640 + 5 * 80]).toBe(255)
    expect(frame[299 * 640 + 5 * 80]).toBe(0)
  })

  it('tolerates compression noise but rejects an ambiguous cell', () => {
    const levels = levelsOf(clockCodeBits(123_456_789)).map((l) => (l ? l - 50 : l + 50))
    expect(readClockCode(levels)).toBe(123_456_789)
    levels[20] = 128
    expect(readClockCode(levels)).toBeNull()
  })

  it('rejects a flipped bit (CRC), a wrong guard and a wrong cell count', () => {
    const bits = clockCodeBits(987_654_321)
    for (const index of [0, 3, 4, 20, 35, 36, 43, 44, 47]) {
      const flipped = [...bits]
      flipped[index] = 1 - flipped[index]!
      expect(readClockCode(levelsOf(flipped))).toBeNull()
    }
    expect(readClockCode(levelsOf(bits).slice(1))).toBeNull()
    // a plain black or white frame is no code
    expect(readClockCode(new Array(48).fill(0))).toBeNull()
    expect(readClockCode(new Array(48).fill(255))).toBeNull()
  })

  it('measures age across the 2^32 wrap', () => {
    expect(clockCodeAge(1000, 1750)).toBe(750)
    expect(clockCodeAge(2 ** 32 - 100, 2 ** 32 * 413 + 300)).toBe(400)
  })
})
