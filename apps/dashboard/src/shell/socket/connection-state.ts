export type ConnectionState =
  | { kind: 'connecting'; since: number }
  // Lost after having been live: the banner says so, with the attempt number.
  | { kind: 'reconnecting'; since: number; attempt: number }
  // Connected again, joining rooms and catching up with the alerts missed meanwhile.
  | { kind: 'resyncing'; since: number }
  | { kind: 'live'; since: number }
  // Signed out or the session expired: no socket until there is a token again.
  | { kind: 'closed'; since: number }

/** What the shell counts about the live feed, for the health view and the tests. */
export interface LiveStats {
  /** Payloads that failed their schema, per event: dropped, never cast. */
  invalid: Record<string, number>
  /** Connections made (the first one plus every reconnection). */
  connects: number
  /** Rooms refused by the server (district staff asking for province-wide rooms, over the limit). */
  refusedRooms: string[]
  lastResync: { at: number; count: number; kind: string } | null
}
