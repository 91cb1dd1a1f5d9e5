import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { formatNumber } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { consoleNs } from '../i18n.js'
import type { AlertLabels } from '../use-alert-labels.js'
import { filterFromQuery } from './filter-codec.js'
import {
  activeFilterCount,
  defaultFilter,
  facetKeys,
  facetOptions,
  toggleFacet,
  type AlertFilter,
  type FacetCounts,
  type FacetKey,
} from './filters.js'
import { SavedFilters } from './SavedFilters.js'

// Long facets list only the values present in the alerts at hand (or chosen): 26 subcategories
// with a zero beside most would push the rest off a 768 px screen.
const presentOnly: ReadonlySet<FacetKey> = new Set(['category', 'subCategory', 'district'])

export interface FilterPanelProps {
  filter: AlertFilter
  onChange: (next: AlertFilter) => void
  counts: FacetCounts
  districts: readonly string[]
  labels: AlertLabels
}

/** The facets with their counts, and the saved filters. */
export function FilterPanel({ filter, onChange, counts, districts, labels }: FilterPanelProps) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  return (
    <aside className="console-filters" aria-label={t('facets.status')} data-testid="console-filters">
      {activeFilterCount(filter) > 0 && (
        <button
          type="button"
          className="console-button console-filters__clear"
          onClick={() => onChange({ ...defaultFilter, sort: filter.sort })}
          data-testid="clear-filters"
        >
          {t('clearFilters')}
        </button>
      )}
      <Link className="console-filters__report" to="/alerts/report" data-testid="report-link">
        {t('report.link')}
      </Link>
      <SavedFilters filter={filter} onApply={(query) => onChange(filterFromQuery(query))} />
      {facetKeys.map((key) => {
        const all = key === 'district' ? districts : facetOptions[key]
        const values = presentOnly.has(key)
          ? all.filter((v) => (counts[key].get(v) ?? 0) > 0 || filter[key].includes(v))
          : all
        if (values.length === 0) return null
        return (
          <Facet key={key} title={t(`facets.${key}`)} testId={`facet-${key}`}>
            {values.map((value) => (
              <label key={value} className="console-facet__option">
                <input
                  type="checkbox"
                  checked={filter[key].includes(value)}
                  onChange={() => onChange(toggleFacet(filter, key, value))}
                  data-facet={key}
                  data-value={value}
                />
                <span className="console-facet__label">{labels.facet(key, value)}</span>
                <span className="console-facet__count">
                  {formatNumber(locale, counts[key].get(value) ?? 0)}
                </span>
              </label>
            ))}
          </Facet>
        )
      })}
    </aside>
  )
}

function Facet({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  const [open, setOpen] = useState(true)
  return (
    <fieldset className="console-facet" data-testid={testId}>
      <legend>
        <button
          type="button"
          className="console-facet__toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {title}
        </button>
      </legend>
      {open && children}
    </fieldset>
  )
}
