import { useCallback, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { storeLocale, type Locale } from './locale.js'

/** The current language and a switch; the choice is kept and `<html lang>` follows it. */
export function useLocale(): { locale: Locale; setLocale: (l: Locale) => void; toggle: () => void } {
  const { i18n } = useTranslation()
  const locale: Locale = i18n.language === 'en' ? 'en' : 'vi'
  // screen readers, hyphenation and the browser's own fonts choice follow the page's language
  useEffect(() => {
    document.documentElement.lang = locale
  }, [locale])
  const setLocale = useCallback(
    (next: Locale) => {
      storeLocale(next)
      void i18n.changeLanguage(next)
    },
    [i18n],
  )
  const toggle = useCallback(() => setLocale(locale === 'vi' ? 'en' : 'vi'), [locale, setLocale])
  return { locale, setLocale, toggle }
}
