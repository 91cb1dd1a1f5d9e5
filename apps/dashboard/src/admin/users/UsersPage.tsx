import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../shell/services.js'
import { adminNs } from '../i18n.js'
import { usersNs } from './i18n.js'
import { UserCreateForm } from './UserCreateForm.js'
import { UserDetail } from './UserDetail.js'
import { usersQuery } from './user-queries.js'

/** `/admin/users`: every user with role, scope and state; one picked to edit beside the list. */
export function UsersPage() {
  const { t } = useTranslation(usersNs)
  const { t: ta } = useTranslation(adminNs)
  const { t: ts } = useTranslation()
  const api = useApi()
  const users = useQuery(usersQuery(api))
  const [picked, setPicked] = useState<string | null>(null)
  const user = users.data?.items.find((u) => u.id === picked)

  return (
    <div className="admin-section" data-testid="admin-users">
      <header className="admin-section-head">
        <h2>{t('heading')}</h2>
        <p className="admin-muted">{t('intro')}</p>
      </header>
      <div className="admin-split">
        <div className="admin-list">
          {users.isPending && <p role="status">{ta('loading')}</p>}
          {users.isError && (
            <p role="alert">
              {ta('failed', { reason: users.error.message })}{' '}
              <button type="button" className="admin-button" onClick={() => void users.refetch()}>
                {ta('retry')}
              </button>
            </p>
          )}
          {users.data && users.data.items.length === 0 && <p>{t('empty')}</p>}
          {users.data && users.data.items.length > 0 && (
            <table className="admin-table">
              <thead>
                <tr>
                  <th>{t('columns.username')}</th>
                  <th>{t('columns.role')}</th>
                  <th>{t('columns.district')}</th>
                  <th>{t('columns.state')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr
                    key={u.id}
                    className={u.id === picked ? 'admin-row-picked' : undefined}
                    onClick={() => setPicked(u.id)}
                  >
                    <td>
                      <button type="button" className="admin-link" onClick={() => setPicked(u.id)}>
                        {u.username}
                      </button>
                    </td>
                    <td>{ts(`roles.${u.role}`)}</td>
                    <td>{u.district ?? ta('wholeProvince')}</td>
                    <td className={u.disabled ? 'admin-off' : 'admin-on'}>
                      {u.disabled ? t('locked') : t('active')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <aside className="admin-side">
          {user ? <UserDetail key={user.id} user={user} /> : <p className="admin-muted">{t('pick')}</p>}
          <UserCreateForm />
        </aside>
      </div>
    </div>
  )
}
