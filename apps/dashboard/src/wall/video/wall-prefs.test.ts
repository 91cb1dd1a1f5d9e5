import { describe, expect, it } from 'vitest'
import { defaultPrefs, loadPrefs, parsePrefs, prefsKey, savePrefs } from './wall-prefs.js'

class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.items.set(key, value)
  }
}

describe('wall choices per display', () => {
  it('are kept under the display name, each display its own', () => {
    const storage = new MemoryStorage()
    savePrefs(storage, 'left', { layout: '1+7', rotateS: 0, pinned: 'cam-a', showZones: true })
    savePrefs(storage, 'right', { ...defaultPrefs, layout: '2x2' })
    expect(loadPrefs(storage, 'left')).toEqual({
      layout: '1+7',
      rotateS: 0,
      pinned: 'cam-a',
      showZones: true,
    })
    expect(loadPrefs(storage, 'right').layout).toBe('2x2')
    expect(loadPrefs(storage, 'other')).toEqual(defaultPrefs)
    expect([...storage.items.keys()]).toEqual(['ioc.wall.left', 'ioc.wall.right'])
    expect(prefsKey('')).toBe('ioc.wall.default')
  })

  it('fall back field by field when an entry is damaged or from another version', () => {
    expect(parsePrefs('{not json')).toEqual(defaultPrefs)
    expect(parsePrefs('{"layout":"5x5","rotateS":-1,"pinned":3,"showZones":"yes"}')).toEqual(defaultPrefs)
    expect(parsePrefs('{"layout":"3x3"}')).toEqual({ ...defaultPrefs, layout: '3x3' })
  })

  it('survive a storage that refuses to write', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(() => savePrefs(full, 'x', defaultPrefs)).not.toThrow()
  })
})
