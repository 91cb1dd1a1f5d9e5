// Which camera is enlarged. An operator's pin holds until unpinned; an alert enlarges its camera
// for a while (a wall left alone must come back to its pages); a click enlarges until clicked again
// or until it times out the same way.

export interface Hold {
  cameraId: string
  until: number
}

export interface FocusState {
  pinned: string | null
  alert: Hold | null
  clicked: Hold | null
}

export type FocusReason = 'pinned' | 'alert' | 'clicked'

export const noFocus: FocusState = { pinned: null, alert: null, clicked: null }

export interface FocusTimes {
  /** How long an alert keeps its camera enlarged (ms). */
  alertMs: number
  /** How long a click keeps a camera enlarged (ms). */
  clickMs: number
}

export const defaultFocusTimes: FocusTimes = { alertMs: 30_000, clickMs: 120_000 }

export function focused(state: FocusState, now: number): { cameraId: string; reason: FocusReason } | null {
  if (state.pinned) return { cameraId: state.pinned, reason: 'pinned' }
  if (state.alert && now < state.alert.until) return { cameraId: state.alert.cameraId, reason: 'alert' }
  if (state.clicked && now < state.clicked.until)
    return { cameraId: state.clicked.cameraId, reason: 'clicked' }
  return null
}

/** A click on a tile: enlarges it, or gives the enlarged one back to the page. */
export function clickTile(state: FocusState, cameraId: string, now: number, times: FocusTimes): FocusState {
  const current = focused(state, now)
  if (current?.cameraId === cameraId) {
    // a pinned camera stays until unpinned; an alerted or clicked one shrinks back
    if (current.reason === 'pinned') return state
    return { ...state, alert: null, clicked: null }
  }
  return { ...state, alert: null, clicked: { cameraId, until: now + times.clickMs } }
}

export function togglePin(state: FocusState, cameraId: string): FocusState {
  return state.pinned === cameraId
    ? { ...state, pinned: null, clicked: null }
    : { ...state, pinned: cameraId }
}

/** A camera raised an alert: enlarged unless the operator pinned another. */
export function alertRaised(state: FocusState, cameraId: string, now: number, times: FocusTimes): FocusState {
  return { ...state, alert: { cameraId, until: now + times.alertMs } }
}

/** When the state changes by itself next (a hold ends), or null. */
export function nextExpiry(state: FocusState, now: number): number | null {
  const times = [state.alert?.until, state.clicked?.until].filter(
    (t): t is number => t !== undefined && t > now,
  )
  return times.length ? Math.min(...times) : null
}
