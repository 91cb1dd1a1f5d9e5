/**
 * The order the list shows while the user is working in it (pointer over it, keyboard focus in it,
 * a dialog open): the rows shown stay where they are, changed alerts are updated in place, and
 * what would come in or move is counted instead ("3 new: show"), so the row under the cursor is
 * never moved by an alert that arrives over the socket.
 */
export interface HeldOrder {
  /** Ids in the order shown. */
  ids: readonly string[]
  /** Wanted ids the shown order does not have yet. */
  incoming: number
  /** Whether the shown order differs from the wanted one (new rows, rows that left or moved). */
  stale: boolean
}

/**
 * `shown` is the order on screen, `wanted` the order filtering and sorting give now. While `held`,
 * rows keep their place (only alerts gone from memory leave, which `exists` says); otherwise the
 * wanted order is shown as it is.
 */
export function holdOrder(
  shown: readonly string[],
  wanted: readonly string[],
  held: boolean,
  exists: (id: string) => boolean,
): HeldOrder {
  if (!held) return { ids: wanted, incoming: 0, stale: false }
  const kept = shown.filter(exists)
  // nothing on screen, nothing under the cursor to keep still (a list held while it first loads)
  if (kept.length === 0) return { ids: wanted, incoming: 0, stale: false }
  const keptSet = new Set(kept)
  let incoming = 0
  for (const id of wanted) if (!keptSet.has(id)) incoming++
  const stale = incoming > 0 || kept.length !== wanted.length || kept.some((id, i) => wanted[i] !== id)
  return { ids: kept.length === shown.length ? shown : kept, incoming, stale }
}
