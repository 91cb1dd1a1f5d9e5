import i18next, { type Resource } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { readLocale, type Locale } from './locale.js'
import { shellMessages } from './shell-messages.js'

/**
 * One i18next instance for the whole dashboard. Vietnamese first, English as the fallback, so a key
 * missing in Vietnamese still shows something readable instead of its name.
 *
 * Each feature folder brings its own messages (see register.ts and login/i18n.ts): three engineers
 * never edit one shared messages file.
 */
export const i18n = i18next.createInstance()

const resources: Resource = {
  vi: { shell: shellMessages.vi },
  en: { shell: shellMessages.en },
}

void i18n.use(initReactI18next).init({
  resources,
  lng: readLocale(),
  fallbackLng: 'en',
  supportedLngs: ['vi', 'en'],
  defaultNS: 'shell',
  ns: ['shell'],
  interpolation: { escapeValue: false }, // React escapes already
  initAsync: false, // resources are bundled: ready on the first render
  returnNull: false,
})

export function currentLocale(): Locale {
  return i18n.language === 'en' ? 'en' : 'vi'
}
