import {
  alertSeveritySchema,
  severityRank,
  type Alert,
  type AlertChanged,
  type AlertSeverity,
} from '@ioc/contracts'

export interface PopupConfig {
  /** Severities whose new alerts pop up with a sound. */
  severities: readonly AlertSeverity[]
  /** An alert still unacknowledged sounds (and shows) again after this long. */
  repeatEveryMs: number
}

export const defaultPopupConfig: PopupConfig = {
  severities: ['critical', 'major'],
  repeatEveryMs: 5 * 60_000,
}

/**
 * A display's own choice, from its URL (a kiosk is configured by its address):
 * `?popup=critical,major,minor&repeatMin=2`. Anything unreadable keeps the default.
 */
export function popupConfigFromSearch(search: string, base: PopupConfig = defaultPopupConfig): PopupConfig {
  const params = new URLSearchParams(search)
  const listed = params
    .get('popup')
    ?.split(',')
    .map((s) => s.trim())
  const severities = listed?.filter((s): s is AlertSeverity => alertSeveritySchema.safeParse(s).success)
  const minutes = Number(params.get('repeatMin'))
  return {
    severities: severities && severities.length > 0 ? severities : base.severities,
    repeatEveryMs: Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : base.repeatEveryMs,
  }
}

/** A new, active, unacknowledged alert of a chosen severity pops; repeats and updates never do. */
export function shouldPop(change: AlertChanged, config: PopupConfig): boolean {
  const a = change.alert
  return (
    (change.action === 'created' || change.action === 'escalated') &&
    a.status === 'active' &&
    !a.acknowledged &&
    config.severities.includes(a.severity)
  )
}

// A flood that came and went still needs someone to have seen it: only acknowledging (or an
// operator resolving it) ends the pop-up and its repeats, not the rule clearing it.
const handled = (change: AlertChanged) => change.alert.acknowledged || change.action === 'resolved'

interface Pending {
  alert: Alert
  lastSoundAt: number
}

export interface PopupState {
  /** Popped alerts still unacknowledged, the most severe and then the newest first. */
  pending: readonly Pending[]
  /** The ids an operator put aside (closed without acknowledging): hidden until their next repeat. */
  hidden: ReadonlySet<string>
}

export const emptyPopupState: PopupState = { pending: [], hidden: new Set() }

export interface Step {
  state: PopupState
  /** Whether to play the sound now (one sound for however many alerts are due). */
  sound: boolean
}

const order = (a: Pending, b: Pending) =>
  severityRank[a.alert.severity] - severityRank[b.alert.severity] ||
  b.alert.firstSeen.localeCompare(a.alert.firstSeen)

/**
 * An alert change: pops a new alert with a sound, sounds (and shows) again one escalated because
 * nobody acknowledged it, forgets one acknowledged or resolved.
 */
export function onAlertChange(
  state: PopupState,
  change: AlertChanged,
  now: number,
  config: PopupConfig,
): Step {
  const known = state.pending.find((p) => p.alert.id === change.alert.id)
  if (known) {
    if (handled(change)) {
      const hidden = new Set(state.hidden)
      hidden.delete(change.alert.id)
      return { state: { pending: state.pending.filter((p) => p !== known), hidden }, sound: false }
    }
    const escalated = shouldPop(change, config) && change.action === 'escalated'
    const pending = state.pending
      .map((p) => (p === known ? { alert: change.alert, lastSoundAt: escalated ? now : p.lastSoundAt } : p))
      .sort(order)
    if (!escalated) return { state: { ...state, pending }, sound: false }
    const hidden = new Set(state.hidden)
    hidden.delete(change.alert.id)
    return { state: { pending, hidden }, sound: true }
  }
  if (!shouldPop(change, config)) return { state, sound: false }
  const pending = [...state.pending, { alert: change.alert, lastSoundAt: now }].sort(order)
  return { state: { ...state, pending }, sound: true }
}

/** Time passing: alerts unacknowledged for another `repeatEveryMs` sound and show again. */
export function onTick(state: PopupState, now: number, config: PopupConfig): Step {
  const due = state.pending.filter((p) => now - p.lastSoundAt >= config.repeatEveryMs)
  if (due.length === 0) return { state, sound: false }
  const dueIds = new Set(due.map((p) => p.alert.id))
  const pending = state.pending.map((p) => (dueIds.has(p.alert.id) ? { ...p, lastSoundAt: now } : p))
  const hidden = new Set([...state.hidden].filter((id) => !dueIds.has(id)))
  return { state: { pending, hidden }, sound: true }
}

/** Closed without acknowledging: out of sight, but it still repeats while unacknowledged. */
export function hide(state: PopupState, alertId: string): PopupState {
  return { ...state, hidden: new Set([...state.hidden, alertId]) }
}

/** The alert the pop-up shows, and how many more wait behind it. */
export function shown(state: PopupState): { alert: Alert | null; waiting: number } {
  const visible = state.pending.filter((p) => !state.hidden.has(p.alert.id))
  return { alert: visible[0]?.alert ?? null, waiting: Math.max(0, visible.length - 1) }
}

/** The ticker: active alerts, most severe first, then the most recent. */
export function tickerAlerts(alerts: readonly Alert[], max = 30): Alert[] {
  return alerts
    .filter((a) => a.status === 'active')
    .sort(
      (a, b) => severityRank[a.severity] - severityRank[b.severity] || b.lastSeen.localeCompare(a.lastSeen),
    )
    .slice(0, max)
}
