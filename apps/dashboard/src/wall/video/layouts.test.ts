import { describe, expect, it } from 'vitest'
import { arrange, pageCameras, pageCount } from './arrangement.js'
import { hasLargeTile, layoutGeometry, layoutIds, tilesPerPage } from './layouts.js'

/** Each grid cell covered by exactly one tile: no overlap, no hole. */
function coverage(layout: (typeof layoutIds)[number]): number[][] {
  const { size, cells } = layoutGeometry(layout)
  const grid = Array.from({ length: size }, () => Array<number>(size).fill(0))
  for (const c of cells)
    for (let r = c.row; r < c.row + c.rowSpan; r++)
      for (let col = c.column; col < c.column + c.columnSpan; col++) grid[r]![col]!++
  return grid
}

describe('wall layouts', () => {
  it('have the number of tiles their names say', () => {
    expect(layoutIds.map((id) => [id, tilesPerPage(id)])).toEqual([
      ['2x2', 4],
      ['3x3', 9],
      ['4x4', 16],
      ['1+5', 6],
      ['1+7', 8],
    ])
  })

  it('cover their grid exactly once', () => {
    for (const id of layoutIds)
      expect(
        coverage(id)
          .flat()
          .every((n) => n === 1),
        id,
      ).toBe(true)
  })

  it('put the large tile first, at the top left, over all but one row and column', () => {
    expect(layoutGeometry('1+7').cells[0]).toEqual({ column: 0, row: 0, columnSpan: 3, rowSpan: 3 })
    expect(layoutGeometry('1+5').cells[0]).toEqual({ column: 0, row: 0, columnSpan: 2, rowSpan: 2 })
    expect(layoutGeometry('1+5').cells.slice(1)).toEqual([
      { column: 2, row: 0, columnSpan: 1, rowSpan: 1 },
      { column: 2, row: 1, columnSpan: 1, rowSpan: 1 },
      { column: 0, row: 2, columnSpan: 1, rowSpan: 1 },
      { column: 1, row: 2, columnSpan: 1, rowSpan: 1 },
      { column: 2, row: 2, columnSpan: 1, rowSpan: 1 },
    ])
    expect(hasLargeTile('4x4')).toBe(false)
    expect(hasLargeTile('1+7')).toBe(true)
  })
})

describe('pages and arrangement', () => {
  const cams = Array.from({ length: 18 }, (_, i) => `c${i + 1}`)

  it('splits cameras into pages of the layout, the last one short, wrapping around', () => {
    expect(pageCount(18, '4x4')).toBe(2)
    expect(pageCount(0, '4x4')).toBe(1)
    expect(pageCount(16, '4x4')).toBe(1)
    expect(pageCameras(cams, '4x4', 1)).toEqual(['c17', 'c18'])
    expect(pageCameras(cams, '4x4', 2)).toEqual(cams.slice(0, 16))
    expect(pageCameras(cams, '1+5', 2)).toEqual(['c13', 'c14', 'c15', 'c16', 'c17', 'c18'])
  })

  it('places a page in the cells in order', () => {
    const a = arrange('2x2', ['a', 'b', 'c'], null)
    expect(a.size).toBe(2)
    expect(a.tiles.map((t) => [t.cameraId, t.cell.column, t.cell.row, t.large])).toEqual([
      ['a', 0, 0, false],
      ['b', 1, 0, false],
      ['c', 0, 1, false],
    ])
  })

  it('shrinks a square grid to the cameras of a wall that fits on one page', () => {
    expect(arrange('4x4', ['a', 'b', 'c', 'd'], null).size).toBe(2)
    expect(arrange('4x4', ['a', 'b', 'c', 'd', 'e'], null).size).toBe(3)
    expect(arrange('3x3', ['a'], null).tiles).toEqual([
      { cameraId: 'a', cell: { column: 0, row: 0, columnSpan: 1, rowSpan: 1 }, large: true },
    ])
    // the last page of a rotation keeps the size of the others
    expect(arrange('2x2', ['e'], null, 5).size).toBe(2)
    expect(arrange('1+5', ['a', 'b'], null).size).toBe(3)
  })

  it('puts a focused camera in the large cell, from another page too, the page after it', () => {
    const page = cams.slice(0, 16)
    const a = arrange('4x4', page, 'c18')
    expect(a.size).toBe(4)
    expect(a.tiles).toHaveLength(8)
    expect(a.tiles[0]).toMatchObject({ cameraId: 'c18', large: true, cell: { columnSpan: 3 } })
    expect(a.tiles.slice(1).map((t) => t.cameraId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'])
    // a camera of this page is not shown twice
    expect(arrange('3x3', ['a', 'b', 'c'], 'b').tiles.map((t) => t.cameraId)).toEqual(['b', 'a', 'c'])
    // the smallest grid shows the focused camera alone
    expect(arrange('2x2', ['a', 'b'], 'b')).toEqual({
      size: 1,
      tiles: [{ cameraId: 'b', cell: { column: 0, row: 0, columnSpan: 1, rowSpan: 1 }, large: true }],
    })
  })
})
