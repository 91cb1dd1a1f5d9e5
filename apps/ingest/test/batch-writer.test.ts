import { describe, expect, it } from 'vitest'
import { BatchWriter } from '../src/sensors/batch-writer.js'

const until = async (check: () => boolean, timeoutMs = 3000) => {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('BatchWriter', () => {
  it('batches by size and by time, in order', async () => {
    const batches: number[][] = []
    const writer = new BatchWriter<number>({
      sink: async (b) => void batches.push(b),
      maxBatch: 3,
      flushMs: 20,
      maxBuffered: 100,
    })
    writer.add([1, 2, 3, 4])
    await until(() => batches.flat().length === 4)
    expect(batches).toEqual([[1, 2, 3], [4]])
  })

  it('keeps everything through an outage and writes it when the sink returns', async () => {
    let down = true
    const written: number[] = []
    const writer = new BatchWriter<number>({
      sink: async (b) => {
        if (down) throw new Error('connection refused')
        written.push(...b)
      },
      maxBatch: 10,
      flushMs: 5,
      maxBuffered: 1000,
      retryMinMs: 5,
      retryMaxMs: 20,
    })
    writer.add(Array.from({ length: 25 }, (_, i) => i))
    await until(() => writer.snapshot().failures >= 3)
    expect(writer.failing).toBe(true)
    writer.add([25, 26])
    down = false
    await until(() => written.length === 27)
    expect(written).toEqual(Array.from({ length: 27 }, (_, i) => i))
    expect(writer.snapshot()).toMatchObject({ buffered: 0, written: 27, dropped: 0, lastError: null })
  })

  it('drops the oldest beyond its bound and counts them', async () => {
    const writer = new BatchWriter<number>({
      sink: () => Promise.reject(new Error('down')),
      maxBatch: 5,
      flushMs: 5,
      maxBuffered: 10,
      retryMinMs: 1000,
    })
    writer.add(Array.from({ length: 15 }, (_, i) => i))
    await until(() => writer.snapshot().failures === 1)
    writer.add([15, 16])
    expect(writer.snapshot()).toMatchObject({ buffered: 10, dropped: 7 })
  })
})
