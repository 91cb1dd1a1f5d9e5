export type Freshness =
  | { kind: 'loading' }
  | { kind: 'live'; asOf: number }
  // the network or the api is gone: what is shown is as of `asOf` (null: nothing kept yet)
  | { kind: 'offline'; asOf: number | null }
  // first connection, figures from the copy kept on this device
  | { kind: 'connecting'; asOf: number }
  // back, fetching what changed meanwhile
  | { kind: 'catching-up'; asOf: number }

/**
 * What the screen says about its figures. Offline as soon as the browser loses its network or the
 * socket is reconnecting (the api is unreachable); `asOf` is when the figures on screen were last
 * fetched or pushed (0 or less: never).
 */
export function freshness(input: {
  online: boolean
  connection: 'connecting' | 'reconnecting' | 'resyncing' | 'live' | 'closed'
  asOf: number
  fetching: boolean
}): Freshness {
  const asOf = input.asOf > 0 ? input.asOf : null
  if (!input.online || input.connection === 'reconnecting') return { kind: 'offline', asOf }
  // reachable but nothing yet: the page shows its loading or failed state
  if (asOf === null) return { kind: 'loading' }
  if (input.connection === 'connecting' || input.connection === 'closed') return { kind: 'connecting', asOf }
  if (input.connection !== 'live' || input.fetching) return { kind: 'catching-up', asOf }
  return { kind: 'live', asOf }
}
