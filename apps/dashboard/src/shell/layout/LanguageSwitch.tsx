import { useTranslation } from 'react-i18next'
import { useLocale } from '../../i18n/use-locale.js'

/** Shows the other language's name, in that language: what a user who cannot read this one looks for. */
export function LanguageSwitch() {
  const { t } = useTranslation()
  const { toggle } = useLocale()
  return (
    <button
      type="button"
      onClick={toggle}
      className="shell-button"
      aria-label={`${t('languageLabel')}: ${t('language')}`}
    >
      {t('language')}
    </button>
  )
}
