import type { Room } from '@ioc/contracts'

/** The api serves at most this many rooms a connection; rooms wanted beyond it wait for a free one. */
export const MAX_ROOMS = 64

export interface RoomDiff {
  join: Room[]
  leave: Room[]
}

/**
 * Which rooms this connection should be in, counted by reference: ten tiles of one camera join its
 * room once and leave it when the last one unmounts. Past MAX_ROOMS the oldest wishes are served
 * first and the rest join as soon as others are released.
 */
export class RoomRefs {
  private readonly counts = new Map<Room, number>()
  private joined = new Set<Room>()

  constructor(private readonly limit = MAX_ROOMS) {}

  acquire(rooms: readonly Room[]): RoomDiff {
    for (const room of rooms) this.counts.set(room, (this.counts.get(room) ?? 0) + 1)
    return this.settle()
  }

  release(rooms: readonly Room[]): RoomDiff {
    for (const room of rooms) {
      const n = this.counts.get(room) ?? 0
      if (n <= 1) this.counts.delete(room)
      else this.counts.set(room, n - 1)
    }
    return this.settle()
  }

  /** Rooms to be in, e.g. to join all again on a new connection (the server forgot them). */
  active(): Room[] {
    return [...this.joined]
  }

  /** Rooms wanted but over the limit. */
  waiting(): Room[] {
    return [...this.counts.keys()].filter((room) => !this.joined.has(room))
  }

  private settle(): RoomDiff {
    // Map keeps insertion order: the longest-wanted rooms come first.
    const next = new Set([...this.counts.keys()].slice(0, this.limit))
    const join = [...next].filter((room) => !this.joined.has(room))
    const leave = [...this.joined].filter((room) => !next.has(room))
    this.joined = next
    return { join, leave }
  }
}
