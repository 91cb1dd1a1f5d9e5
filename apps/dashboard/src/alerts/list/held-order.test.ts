import { describe, expect, it } from 'vitest'
import { holdOrder } from './held-order.js'

const all = () => true

describe('holdOrder', () => {
  it('shows the wanted order when not held', () => {
    expect(holdOrder(['a', 'b'], ['c', 'a', 'b'], false, all)).toEqual({
      ids: ['c', 'a', 'b'],
      incoming: 0,
      stale: false,
    })
  })

  it('keeps every shown row in its place while held, counting what would come in', () => {
    const held = holdOrder(['a', 'b', 'c'], ['new1', 'a', 'new2', 'c'], true, all)
    // b no longer matches (acknowledged under an "unacknowledged" filter) but stays where it was
    expect(held).toEqual({ ids: ['a', 'b', 'c'], incoming: 2, stale: true })
  })

  it('notices a move without new rows', () => {
    expect(holdOrder(['a', 'b'], ['b', 'a'], true, all)).toEqual({
      ids: ['a', 'b'],
      incoming: 0,
      stale: true,
    })
    expect(holdOrder(['a', 'b'], ['a', 'b'], true, all)).toEqual({
      ids: ['a', 'b'],
      incoming: 0,
      stale: false,
    })
  })

  it('holds nothing while nothing is shown (the first load under a resting pointer)', () => {
    expect(holdOrder([], ['a', 'b'], true, all)).toEqual({ ids: ['a', 'b'], incoming: 0, stale: false })
    expect(holdOrder(['gone'], ['a'], true, (id) => id !== 'gone')).toEqual({
      ids: ['a'],
      incoming: 0,
      stale: false,
    })
  })

  it('drops only rows gone from memory', () => {
    expect(holdOrder(['a', 'b', 'c'], ['a', 'c'], true, (id) => id !== 'b')).toEqual({
      ids: ['a', 'c'],
      incoming: 0,
      stale: false,
    })
  })
})
