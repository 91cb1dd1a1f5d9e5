import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { adminNs } from '../i18n.js'

export interface AdminColumn<T> {
  header: string
  cell: (item: T) => ReactNode
  /** The cell's own attributes (a state's colour class, a test id, a full date as its title). */
  attrs?: (item: T) => { className?: string; title?: string; 'data-testid'?: string }
}

interface ListQuery {
  isPending: boolean
  error: Error | null
  refetch: () => unknown
}

/**
 * The list half of every admin screen: loading, failed (with a retry) and empty states, then a
 * table whose first column names each item as a button (the keyboard picks it too) and whose
 * rows pick it on a click anywhere.
 */
export function AdminTable<T extends { id: string }>(props: {
  query: ListQuery
  items: readonly T[] | undefined
  empty: string
  name: AdminColumn<T>
  columns: readonly AdminColumn<T>[]
  picked: string | null
  onPick: (id: string) => void
}) {
  const { t } = useTranslation(adminNs)
  const { query, items, name, columns, picked, onPick } = props
  if (query.isPending) return <p role="status">{t('loading')}</p>
  if (query.error)
    return (
      <p role="alert">
        {t('failed', { reason: query.error.message })}{' '}
        <button type="button" className="admin-button" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </p>
    )
  if (!items || items.length === 0) return <p>{props.empty}</p>
  return (
    <table className="admin-table">
      <thead>
        <tr>
          {[name, ...columns].map((c) => (
            <th key={c.header}>{c.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr
            key={item.id}
            className={item.id === picked ? 'admin-row-picked' : undefined}
            onClick={() => onPick(item.id)}
          >
            <td {...name.attrs?.(item)}>
              <button type="button" className="admin-link" onClick={() => onPick(item.id)}>
                {name.cell(item)}
              </button>
            </td>
            {columns.map((c) => (
              <td key={c.header} {...c.attrs?.(item)}>
                {c.cell(item)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
