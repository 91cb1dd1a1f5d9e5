import { useCallback, useState } from 'react'
import { messages, type Locale, type Messages } from './messages.js'

const storageKey = 'ioc.locale'

/** The chosen language survives a reload (tablets are reopened all day). */
export function useLocale(): { locale: Locale; t: Messages; toggle: () => void } {
  const [locale, setLocale] = useState<Locale>(() =>
    localStorage.getItem(storageKey) === 'en' ? 'en' : 'vi',
  )
  const toggle = useCallback(() => {
    setLocale((current) => {
      const next: Locale = current === 'vi' ? 'en' : 'vi'
      localStorage.setItem(storageKey, next)
      document.documentElement.lang = next
      return next
    })
  }, [])
  return { locale, t: messages[locale], toggle }
}
