// Which camera goes in which cell: the current page, with the focused camera (clicked, alerted or
// pinned) in the large cell. A square grid with a focused camera becomes its one-large variant
// (3x3 -> 1+5, 4x4 -> 1+7, 2x2 -> the camera alone), so enlarging never hides the wall entirely
// except on the smallest grid.
import {
  layoutGeometry,
  squareGrid,
  tilesPerPage,
  type LayoutGeometry,
  type LayoutId,
  type TileCell,
} from './layouts.js'

export interface PlacedTile {
  cameraId: string
  cell: TileCell
  large: boolean
}

export interface Arrangement {
  size: number
  tiles: PlacedTile[]
}

export function pageCount(cameraCount: number, layout: LayoutId): number {
  return Math.max(1, Math.ceil(cameraCount / tilesPerPage(layout)))
}

/** The cameras of page `page` (wrapped into range). */
export function pageCameras<T>(cameras: readonly T[], layout: LayoutId, page: number): T[] {
  const per = tilesPerPage(layout)
  const count = pageCount(cameras.length, layout)
  const index = ((page % count) + count) % count
  return cameras.slice(index * per, index * per + per)
}

/**
 * A site with four cameras on a 4x4 wall sees them as 2x2, not as a row of small tiles over three
 * black rows. Only when every camera fits on one page, so pages of a rotation keep one size.
 */
function fitted(geometry: LayoutGeometry, layout: LayoutId, total: number): LayoutGeometry {
  const square = layout === '2x2' || layout === '3x3' || layout === '4x4'
  if (!square || total >= geometry.cells.length) return geometry
  const size = Math.max(1, Math.ceil(Math.sqrt(total)))
  return size >= geometry.size ? geometry : squareGrid(size)
}

function focusedGeometry(layout: LayoutId): LayoutGeometry {
  switch (layout) {
    case '2x2':
      return { size: 1, cells: [{ column: 0, row: 0, columnSpan: 1, rowSpan: 1 }] }
    case '3x3':
      return layoutGeometry('1+5')
    case '4x4':
      return layoutGeometry('1+7')
    default:
      return layoutGeometry(layout)
  }
}

/**
 * The tiles to show: the page's cameras in the layout's cells, or, with a focused camera (which may
 * be on another page), that camera in the large cell and the page's others after it.
 */
export function arrange(
  layout: LayoutId,
  page: readonly string[],
  focused: string | null,
  /** Cameras on the whole wall: a square grid bigger than they need shrinks to fit them. */
  total = page.length,
): Arrangement {
  const geometry = focused ? focusedGeometry(layout) : fitted(layoutGeometry(layout), layout, total)
  const order = focused ? [focused, ...page.filter((id) => id !== focused)] : [...page]
  const tiles = order.slice(0, geometry.cells.length).map((cameraId, i) => {
    const cell = geometry.cells[i]!
    return { cameraId, cell, large: cell.columnSpan > 1 || geometry.size === 1 }
  })
  return { size: geometry.size, tiles }
}
