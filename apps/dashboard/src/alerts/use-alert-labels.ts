import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '@ioc/contracts'
import { alertsWallNs } from '../wall/alerts/i18n.js'
import { consoleNs } from './i18n.js'
import type { FacetKey, SearchLabel } from './list/filters.js'

export interface AlertLabels {
  /** The name of one value of a facet ("Ngập lụt", "Chưa xác nhận", "Toàn tỉnh"). */
  facet(key: FacetKey, value: string): string
  /** What free text is also searched in: the alert's names in the current language. */
  search: SearchLabel
}

/** The console's names for what an alert is, in the current language (stable until it changes). */
export function useAlertLabels(): AlertLabels {
  const { t, i18n } = useTranslation(consoleNs)
  const language = i18n.language
  return useMemo(() => {
    const wall = (key: string) => t(key, { ns: alertsWallNs })
    const facet = (key: FacetKey, value: string): string => {
      switch (key) {
        case 'severity':
          return wall(`severity.${value}`)
        case 'subCategory':
          return wall(`sub.${value}`)
        case 'district':
          return value === '' ? t('wholeProvince') : value
        default:
          return t(`${key}.${value}`)
      }
    }
    const search: SearchLabel = (a: Alert) =>
      [
        facet('severity', a.severity),
        facet('subCategory', a.subCategory),
        facet('category', a.category),
      ].join(' ')
    return { facet, search }
    // `language` is what makes the labels change; `t` follows it
  }, [t, language])
}
