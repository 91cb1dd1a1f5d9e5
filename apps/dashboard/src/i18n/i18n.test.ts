import { describe, expect, it } from 'vitest'
import { formatDateTime, formatNumber } from './format.js'
import { i18n } from './i18n.js'
import { registerMessages } from './register.js'
import { shellMessages } from './shell-messages.js'

type Tree = { [key: string]: string | Tree }
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  )
}

describe('i18n', () => {
  it('has every shell message in both languages, none empty', () => {
    const vi = leaves(shellMessages.vi)
    const en = leaves(shellMessages.en)
    expect(en.map(([k]) => k).sort()).toEqual(vi.map(([k]) => k).sort())
    for (const [key, text] of [...vi, ...en]) expect(text.length, key).toBeGreaterThan(0)
  })

  it('speaks Vietnamese first and falls back to English for a key only English has', () => {
    expect(i18n.getFixedT('vi')('appTitle')).toBe('Trung tâm điều hành thông minh')
    const ns = registerMessages('test.fallback', { vi: { a: 'một' }, en: { a: 'one' } })
    i18n.addResourceBundle('en', ns, { onlyEn: 'only in English' }, true, true)
    expect(i18n.getFixedT('vi', ns)('a')).toBe('một')
    expect(i18n.getFixedT('vi', ns)('onlyEn')).toBe('only in English')
  })

  it('formats numbers and dates the Vietnamese and the British way, in province time', () => {
    expect(formatNumber('vi', 1234.5)).toBe('1.234,5')
    expect(formatNumber('en', 1234.5)).toBe('1,234.5')
    const at = '2026-12-01T17:05:00Z' // 00:05 on 2 December in Vietnam (UTC+7)
    expect(formatDateTime('vi', at)).toBe('00:05:00 02/12/2026')
    expect(formatDateTime('en', at)).toBe('02/12/2026, 00:05:00')
  })
})
