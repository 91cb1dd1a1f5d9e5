export type Locale = 'vi' | 'en'
export const locales: readonly Locale[] = ['vi', 'en']

const storageKey = 'ioc.locale'

/** The chosen language survives a reload (tablets are reopened all day, walls reload nightly). */
export function readLocale(): Locale {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi'
  } catch {
    return 'vi' // storage disabled: Vietnamese, the site's language
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(storageKey, locale)
  } catch {
    // storage disabled: the choice lasts until the reload
  }
}
