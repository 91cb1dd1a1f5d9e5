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

  it('drops only the items the sink refuses for good, and writes the rest in order', async () => {
    const written: number[] = []
    const writer = new BatchWriter<number>({
      sink: async (b) => {
        if (b.includes(13) || b.includes(17))
          throw Object.assign(new Error('invalid byte sequence'), { code: '22021' })
        written.push(...b)
      },
      isPermanent: (err) => (err as { code?: string }).code === '22021',
      maxBatch: 20,
      flushMs: 5,
      maxBuffered: 1000,
    })
    writer.add(Array.from({ length: 20 }, (_, i) => i))
    await until(() => writer.snapshot().rejected === 2 && writer.snapshot().buffered === 0 && !writer.failing)
    expect(written).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 13 && i !== 17))
    expect(writer.snapshot()).toMatchObject({ written: 18, rejected: 2, dropped: 0 })
  })

  it('keeps what is unwritten when the sink goes down in the middle of isolating a refused item', async () => {
    let calls = 0
    let down = false
    const written: number[] = []
    const writer = new BatchWriter<number>({
      sink: async (b) => {
        calls++
        if (down) throw new Error('connection refused')
        if (b.includes(3)) {
          if (calls === 2) down = true // the first half is being retried: the database goes away
          throw Object.assign(new Error('refused'), { code: '23514' })
        }
        written.push(...b)
      },
      isPermanent: (err) => (err as { code?: string }).code === '23514',
      maxBatch: 8,
      flushMs: 5,
      maxBuffered: 1000,
      retryMinMs: 5,
    })
    writer.add([0, 1, 2, 3, 4, 5, 6, 7])
    await until(() => writer.failing)
    down = false
    await until(() => writer.snapshot().buffered === 0 && !writer.failing)
    expect(written.sort((a, b) => a - b)).toEqual([0, 1, 2, 4, 5, 6, 7])
    expect(writer.snapshot()).toMatchObject({ rejected: 1, dropped: 0 })
  })

  it('keeps up to `concurrency` writes in flight, and writes every item once', async () => {
    let inFlight = 0
    let most = 0
    const written: number[] = []
    const writer = new BatchWriter<number>({
      sink: async (b) => {
        most = Math.max(most, ++inFlight)
        await new Promise((r) => setTimeout(r, 10))
        written.push(...b)
        inFlight--
      },
      maxBatch: 10,
      flushMs: 5,
      maxBuffered: 10_000,
      concurrency: 2,
    })
    for (let i = 0; i < 100; i++) writer.add([i * 5, i * 5 + 1, i * 5 + 2, i * 5 + 3, i * 5 + 4])
    await writer.drain()
    expect(most).toBe(2)
    expect(written.sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i))
  })

  it('retries with one write in flight while the sink fails, whatever the concurrency', async () => {
    let down = true
    let retries = 0
    let mostRetries = 0
    const written: number[] = []
    const writer: BatchWriter<number> = new BatchWriter<number>({
      sink: async (b) => {
        // writes started once the writer knows the sink is down are retries: one at a time
        const retry = writer.failing
        if (retry) mostRetries = Math.max(mostRetries, ++retries)
        await new Promise((r) => setTimeout(r, 2))
        if (retry) retries--
        if (down) throw new Error('connection refused')
        written.push(...b)
      },
      maxBatch: 10,
      flushMs: 5,
      maxBuffered: 10_000,
      retryMinMs: 1,
      retryMaxMs: 2,
      concurrency: 3,
    })
    writer.add(Array.from({ length: 30 }, (_, i) => i))
    await until(() => writer.failing)
    for (let i = 30; i < 200; i++) writer.add([i])
    await new Promise((r) => setTimeout(r, 100))
    down = false
    await writer.drain()
    expect(written.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i))
    expect(mostRetries).toBe(1)
    expect(writer.snapshot()).toMatchObject({ dropped: 0, lastError: null })
  })
})
