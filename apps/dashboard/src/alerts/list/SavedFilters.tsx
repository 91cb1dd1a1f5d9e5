import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleNs } from '../i18n.js'
import { filterToQuery } from './filter-codec.js'
import type { AlertFilter } from './filters.js'
import {
  readSavedFilters,
  removeSavedFilter,
  saveFilter,
  writeSavedFilters,
  type SavedFilter,
} from './saved-filters.js'

/** Named filters of this browser: one click applies one, the current filter is saved under a name. */
export function SavedFilters({ filter, onApply }: { filter: AlertFilter; onApply: (query: string) => void }) {
  const { t } = useTranslation(consoleNs)
  const [saved, setSaved] = useState<SavedFilter[]>(() => readSavedFilters(localStorage))
  const [name, setName] = useState('')
  const current = filterToQuery(filter)
  const update = (next: SavedFilter[]) => {
    setSaved(next)
    writeSavedFilters(localStorage, next)
  }
  return (
    <section className="console-saved" data-testid="saved-filters">
      <h2 className="console-saved__title">{t('saved.title')}</h2>
      {saved.length === 0 ? (
        <p className="console-muted">{t('saved.none')}</p>
      ) : (
        <ul className="console-saved__list">
          {saved.map((s) => (
            <li key={s.name} className="console-saved__item">
              <button
                type="button"
                className={`console-chip${s.query === current ? ' console-chip--on' : ''}`}
                aria-pressed={s.query === current}
                onClick={() => onApply(s.query)}
              >
                {s.name}
              </button>
              <button
                type="button"
                className="console-icon-button"
                aria-label={t('saved.remove', { name: s.name })}
                title={t('saved.remove', { name: s.name })}
                onClick={() => update(removeSavedFilter(saved, s.name))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="console-saved__form"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim() === '') return
          update(saveFilter(saved, name, filter))
          setName('')
        }}
      >
        <input
          className="console-input"
          value={name}
          maxLength={60}
          placeholder={t('saved.name')}
          aria-label={t('saved.name')}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="console-button" disabled={name.trim() === ''}>
          {t('saved.save')}
        </button>
      </form>
    </section>
  )
}
