import { useCallback, useEffect, useState } from 'react'
import { messages, type Locale, type Messages } from './messages.js'

const storageKey = 'ioc.locale'

/** The chosen language survives a reload (tablets are reopened all day). */
export function useLocale(): { locale: Locale; t: Messages; toggle: () => void } {
  const [locale, setLocale] = useState<Locale>(() =>
    localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi',
  )
  // screen readers and hyphenation follow the page's language
  useEffect(() => {
    document.documentElement.lang = locale
    localStorage.setItem(storageKey, locale)
  }, [locale])
  const toggle = useCallback(() => setLocale((current) => (current === 'vi' ? 'en' : 'vi')), [])
  return { locale, t: messages[locale], toggle }
}
