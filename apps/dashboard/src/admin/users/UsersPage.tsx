import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../shell/services.js'
import { AdminTable } from '../common/AdminTable.js'
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
          <AdminTable
            query={users}
            items={users.data?.items}
            empty={t('empty')}
            name={{ header: t('columns.username'), cell: (u) => u.username }}
            columns={[
              { header: t('columns.role'), cell: (u) => ts(`roles.${u.role}`) },
              { header: t('columns.district'), cell: (u) => u.district ?? ta('wholeProvince') },
              {
                header: t('columns.state'),
                cell: (u) => (u.disabled ? t('locked') : t('active')),
                attrs: (u) => ({ className: u.disabled ? 'admin-off' : 'admin-on' }),
              },
            ]}
            picked={picked}
            onPick={setPicked}
          />
        </div>
        <aside className="admin-side">
          {user ? <UserDetail key={user.id} user={user} /> : <p className="admin-muted">{t('pick')}</p>}
          <UserCreateForm />
        </aside>
      </div>
    </div>
  )
}
