// Page rotation, as a kiosk playlist: the wall moves to the next page every `intervalMs`, and holds
// still for `pauseMs` after an operator touches it or while a camera is enlarged.

export interface RotationState {
  page: number
  /** When the current page was shown (ms). */
  shownAt: number
  /** No rotation before this time (ms): set by interaction. */
  pausedUntil: number
}

export interface RotationSettings {
  intervalMs: number
  pauseMs: number
}

export const defaultRotation: RotationSettings = { intervalMs: 20_000, pauseMs: 60_000 }

export function startRotation(now: number): RotationState {
  return { page: 0, shownAt: now, pausedUntil: 0 }
}

/**
 * The state at `now`: the next page once the current one has been shown `intervalMs`. While held
 * (a camera enlarged) or paused (an operator touched the wall) the page stays, and its interval
 * starts again when the hold or pause ends.
 */
export function rotate(
  state: RotationState,
  now: number,
  pages: number,
  settings: RotationSettings,
  held = false,
): RotationState {
  const page = pages > 0 ? state.page % pages : 0
  if (pages <= 1 || settings.intervalMs <= 0) return page === state.page ? state : { ...state, page }
  if (held || now < state.pausedUntil) return { ...state, page, shownAt: now }
  if (now - Math.max(state.shownAt, state.pausedUntil) < settings.intervalMs)
    return page === state.page ? state : { ...state, page }
  return { page: (page + 1) % pages, shownAt: now, pausedUntil: state.pausedUntil }
}

/** An operator touched the wall: hold the page. */
export function pauseRotation(state: RotationState, now: number, settings: RotationSettings): RotationState {
  return { ...state, pausedUntil: now + settings.pauseMs }
}

/** An operator chose a page. */
export function showPage(
  state: RotationState,
  page: number,
  now: number,
  settings: RotationSettings,
): RotationState {
  return { page, shownAt: now, pausedUntil: now + settings.pauseMs }
}
