/**
 * Rows of a layer kept by id. `set` replaces a row only when one of its fields differs, and `rows()`
 * hands out the same array until something changed, so deck.gl (which compares `data` by
 * reference) recomputes attributes only on a real change, not on every socket event.
 */
export class KeyedRows<T extends { id: string }> {
  private readonly byId = new Map<string, T>()
  private array: readonly T[] = []
  private dirty = false

  get(id: string): T | undefined {
    return this.byId.get(id)
  }

  /** True when the row is new or changed. */
  set(row: T): boolean {
    const known = this.byId.get(row.id)
    if (known && shallowEqual(known, row)) return false
    this.byId.set(row.id, row)
    this.dirty = true
    return true
  }

  /** Changes a known row; false (nothing) when it is unknown or unchanged. */
  patch(id: string, change: Partial<T>): boolean {
    const known = this.byId.get(id)
    return known ? this.set({ ...known, ...change }) : false
  }

  /** Keeps exactly these rows (a fresh list from REST): unchanged ones stay the same objects. */
  replaceAll(rows: readonly T[]): boolean {
    const ids = new Set(rows.map((r) => r.id))
    for (const id of this.byId.keys())
      if (!ids.has(id)) {
        this.byId.delete(id)
        this.dirty = true
      }
    let changed = false
    for (const row of rows) changed = this.set(row) || changed
    return changed || this.dirty
  }

  rows(): readonly T[] {
    if (this.dirty) {
      this.array = [...this.byId.values()]
      this.dirty = false
    }
    return this.array
  }
}

function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[]
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => Object.is(a[k], b[k]))
}
