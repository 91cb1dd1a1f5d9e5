/** The cursor one step (or to an end) along the shown order; the first row when there is none yet. */
export function moveCursor(
  ids: readonly string[],
  cursor: string | null,
  step: number | 'first' | 'last',
): string | null {
  if (ids.length === 0) return null
  if (step === 'first') return ids[0]!
  if (step === 'last') return ids[ids.length - 1]!
  const at = cursor === null ? -1 : ids.indexOf(cursor)
  if (at < 0) return ids[0]!
  return ids[Math.min(ids.length - 1, Math.max(0, at + step))]!
}

/**
 * A click or `x` on `id`: toggles it; with `range` (shift) every row from the anchor (the last
 * row toggled) to it takes the state the clicked row takes, as in a mail client.
 */
export function toggleSelection(
  selected: ReadonlySet<string>,
  ids: readonly string[],
  id: string,
  anchor: string | null,
  range: boolean,
): Set<string> {
  const next = new Set(selected)
  const on = !selected.has(id)
  const from = range && anchor !== null ? ids.indexOf(anchor) : -1
  const to = ids.indexOf(id)
  if (from < 0 || to < 0) {
    if (on) next.add(id)
    else next.delete(id)
    return next
  }
  const [lo, hi] = from <= to ? [from, to] : [to, from]
  for (const rowId of ids.slice(lo, hi + 1)) {
    if (on) next.add(rowId)
    else next.delete(rowId)
  }
  return next
}

/** Selected ids still shown (a filter change or an eviction drops the others). */
export function keepShown(selected: ReadonlySet<string>, ids: readonly string[]): ReadonlySet<string> {
  if (selected.size === 0) return selected
  const shown = new Set(ids)
  const kept = [...selected].filter((id) => shown.has(id))
  return kept.length === selected.size ? selected : new Set(kept)
}
