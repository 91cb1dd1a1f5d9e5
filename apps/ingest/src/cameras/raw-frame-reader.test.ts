import { describe, expect, it } from 'vitest'
import { RawFrameReader } from './raw-frame-reader.js'

describe('RawFrameReader', () => {
  it('cuts frames exactly, whatever the chunking, and keeps bytes that came before the size', () => {
    const frames: Buffer[] = []
    const reader = new RawFrameReader((bgr, w, h) => {
      expect([w, h]).toEqual([2, 1])
      frames.push(bgr)
    })
    const bytes = Buffer.from(Array.from({ length: 6 * 3 + 4 }, (_, i) => i))
    reader.push(bytes.subarray(0, 5))
    reader.setSize(2, 1)
    reader.push(bytes.subarray(5, 6))
    reader.push(bytes.subarray(6, 17))
    reader.push(bytes.subarray(17))
    expect(frames.map((f) => [...f])).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10, 11],
      [12, 13, 14, 15, 16, 17],
    ])
  })
})
