// What an operator chose for one display of the wall, kept in that browser's localStorage under the
// display's name (`/wall?display=<name>`), so each screen of a command room keeps its own layout.
import { isLayoutId, type LayoutId } from './layouts.js'

export interface WallPrefs {
  layout: LayoutId
  /** Seconds a page shows before the next; 0 stops rotation. */
  rotateS: number
  pinned: string | null
  showZones: boolean
}

export const defaultPrefs: WallPrefs = { layout: '4x4', rotateS: 20, pinned: null, showZones: false }

const keyPrefix = 'ioc.wall.'

export function prefsKey(display: string): string {
  return `${keyPrefix}${display || 'default'}`
}

/** The saved choices, each field checked: a damaged or older entry falls back field by field. */
export function parsePrefs(raw: string | null): WallPrefs {
  let value: Record<string, unknown> = {}
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    if (parsed && typeof parsed === 'object') value = parsed as Record<string, unknown>
  } catch {
    // an unreadable entry is replaced at the next change
  }
  const rotateS = value['rotateS']
  return {
    layout: isLayoutId(value['layout']) ? value['layout'] : defaultPrefs.layout,
    rotateS:
      typeof rotateS === 'number' && Number.isFinite(rotateS) && rotateS >= 0 && rotateS <= 3600
        ? rotateS
        : defaultPrefs.rotateS,
    pinned: typeof value['pinned'] === 'string' ? value['pinned'] : null,
    showZones: value['showZones'] === true,
  }
}

export function loadPrefs(storage: Pick<Storage, 'getItem'>, display: string): WallPrefs {
  return parsePrefs(storage.getItem(prefsKey(display)))
}

export function savePrefs(storage: Pick<Storage, 'setItem'>, display: string, prefs: WallPrefs): void {
  try {
    storage.setItem(prefsKey(display), JSON.stringify(prefs))
  } catch {
    // storage full or disabled (a kiosk profile): the wall still works, the choice is not kept
  }
}
