// The wall's layouts: a square grid, or one large tile with small ones around it. Pure geometry in
// grid cells; the component turns a cell into CSS grid placement.

export const layoutIds = ['2x2', '3x3', '4x4', '1+5', '1+7'] as const
export type LayoutId = (typeof layoutIds)[number]

export interface TileCell {
  /** 0-based column and row of the top-left cell. */
  column: number
  row: number
  columnSpan: number
  rowSpan: number
}

export interface LayoutGeometry {
  /** Columns and rows of the grid (always square: the wall's tiles keep 16:9 on a 16:9 screen). */
  size: number
  /** One cell a tile, in tile order: the large tile first when there is one. */
  cells: TileCell[]
}

export function isLayoutId(value: unknown): value is LayoutId {
  return typeof value === 'string' && (layoutIds as readonly string[]).includes(value)
}

/** A square grid of `size` x `size` cells. */
export function squareGrid(size: number): LayoutGeometry {
  const cells: TileCell[] = []
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++) cells.push({ column, row, columnSpan: 1, rowSpan: 1 })
  return { size, cells }
}

/** One large tile covering (size-1)x(size-1) cells at the top left, small tiles along the right and bottom. */
function onePlus(size: number): LayoutGeometry {
  const big = size - 1
  const cells: TileCell[] = [{ column: 0, row: 0, columnSpan: big, rowSpan: big }]
  for (let row = 0; row < big; row++) cells.push({ column: big, row, columnSpan: 1, rowSpan: 1 })
  for (let column = 0; column < size; column++) cells.push({ column, row: big, columnSpan: 1, rowSpan: 1 })
  return { size, cells }
}

export function layoutGeometry(layout: LayoutId): LayoutGeometry {
  switch (layout) {
    case '2x2':
      return squareGrid(2)
    case '3x3':
      return squareGrid(3)
    case '4x4':
      return squareGrid(4)
    case '1+5':
      return onePlus(3)
    case '1+7':
      return onePlus(4)
  }
}

export function tilesPerPage(layout: LayoutId): number {
  return layoutGeometry(layout).cells.length
}

/** Whether the layout's first tile is the large one (where an enlarged camera goes). */
export function hasLargeTile(layout: LayoutId): boolean {
  return layoutGeometry(layout).cells[0]!.columnSpan > 1
}
