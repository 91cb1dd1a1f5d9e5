import { describe, expect, it } from 'vitest'
import { keepShown, moveCursor, toggleSelection } from './selection.js'

const ids = ['a', 'b', 'c', 'd', 'e']

describe('cursor', () => {
  it('moves within the list and stops at its ends', () => {
    expect(moveCursor(ids, null, 1)).toBe('a')
    expect(moveCursor(ids, 'a', 1)).toBe('b')
    expect(moveCursor(ids, 'a', -1)).toBe('a')
    expect(moveCursor(ids, 'e', 1)).toBe('e')
    expect(moveCursor(ids, 'gone', 1)).toBe('a')
    expect(moveCursor(ids, 'c', 'last')).toBe('e')
    expect(moveCursor([], 'c', 1)).toBeNull()
  })
})

describe('selection', () => {
  it("toggles one row, or a range from the anchor taking the clicked row's new state", () => {
    const one = toggleSelection(new Set(), ids, 'b', null, false)
    expect([...one]).toEqual(['b'])
    const range = toggleSelection(one, ids, 'd', 'b', true)
    expect([...range].sort()).toEqual(['b', 'c', 'd'])
    const off = toggleSelection(range, ids, 'c', 'e', true)
    expect([...off].sort()).toEqual(['b'])
    expect([...toggleSelection(one, ids, 'b', 'b', false)]).toEqual([])
  })

  it('keeps only what is still shown, and the same set when nothing left', () => {
    const s = new Set(['a', 'z'])
    expect([...keepShown(s, ids)]).toEqual(['a'])
    const same = new Set(['a'])
    expect(keepShown(same, ids)).toBe(same)
  })
})
