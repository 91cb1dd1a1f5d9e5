import type { RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleNs } from '../i18n.js'
import { sortKeys, timeWindows, type AlertFilter, type SortKey, type TimeWindow } from './filters.js'

export interface ListToolbarProps {
  filter: AlertFilter
  onChange: (next: AlertFilter) => void
  searchRef: RefObject<HTMLInputElement | null>
  /** Select-all checkbox: null when the role selects nothing (leaders). */
  selectAll: { checked: boolean; indeterminate: boolean; onChange: () => void } | null
}

/** Search, time window and sort (the field names are the selects' titles: the options say enough). */
export function ListToolbar({ filter, onChange, searchRef, selectAll }: ListToolbarProps) {
  const { t } = useTranslation(consoleNs)
  return (
    <div className="console-toolbar" data-testid="console-toolbar">
      {selectAll && (
        <input
          type="checkbox"
          className="console-toolbar__all"
          aria-label={t('row.selectAll')}
          title={t('row.selectAll')}
          checked={selectAll.checked}
          ref={(el) => {
            if (el) el.indeterminate = selectAll.indeterminate
          }}
          onChange={selectAll.onChange}
          data-testid="select-all"
        />
      )}
      <input
        ref={searchRef}
        type="search"
        className="console-input console-toolbar__search"
        placeholder={t('searchPlaceholder')}
        aria-label={t('search')}
        value={filter.text}
        maxLength={200}
        onChange={(e) => onChange({ ...filter, text: e.target.value })}
        data-testid="console-search"
      />
      <label className="console-toolbar__field" title={t('time')}>
        <span className="console-hidden">{t('time')}</span>
        <select
          className="console-select"
          value={filter.time}
          onChange={(e) => onChange({ ...filter, time: e.target.value as TimeWindow })}
          data-testid="console-time"
        >
          {timeWindows.map((w) => (
            <option key={w} value={w}>
              {t(`times.${w}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="console-toolbar__field" title={t('sort')}>
        <span className="console-hidden">{t('sort')}</span>
        <select
          className="console-select"
          value={filter.sort}
          onChange={(e) => onChange({ ...filter, sort: e.target.value as SortKey })}
          data-testid="console-sort"
        >
          {sortKeys.map((s) => (
            <option key={s} value={s}>
              {t(`sorts.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {filter.sourceId !== null && (
        <button
          type="button"
          className="console-chip console-chip--on"
          onClick={() => onChange({ ...filter, sourceId: null })}
          title={t('clearFilters')}
        >
          {t('sourceFilter', { source: filter.sourceId })} ×
        </button>
      )}
    </div>
  )
}
