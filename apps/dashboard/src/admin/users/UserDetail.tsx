import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { roleSchema, type Role, type UserAdminView } from '@ioc/contracts'
import { useSession } from '../../shell/session/use-session.js'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { AuditTrail } from '../common/AuditTrail.js'
import { SecretOnce } from '../common/SecretOnce.js'
import { adminNs } from '../i18n.js'
import { usersNs } from './i18n.js'
import { patchUser, resetPassword, userPath } from './user-queries.js'

/** One user: role and district, lock or unlock, a new password shown once, and the trail. */
export function UserDetail({ user }: { user: UserAdminView }) {
  const { t } = useTranslation(usersNs)
  const { t: ta } = useTranslation(adminNs)
  const { t: ts } = useTranslation()
  const session = useSession()
  const self = session.user?.id === user.id
  const [role, setRole] = useState<Role>(user.role)
  const [district, setDistrict] = useState(user.district ?? '')
  const [secret, setSecret] = useState<string | null>(null)
  const patch = useAdminMutation(patchUser, ['users'])
  const reset = useAdminMutation((api, id: string) => resetPassword(api, id), ['users'])
  const error = patch.error ?? reset.error

  return (
    <section className="admin-detail" aria-label={user.username} data-testid="user-detail">
      <h3>{user.username}</h3>
      {self && <p className="admin-muted">{t('selfNote')}</p>}
      <form
        className="admin-form"
        onSubmit={(e) => {
          e.preventDefault()
          patch.mutate({
            id: user.id,
            patch: { role, district: district.trim() === '' ? null : district.trim() },
          })
        }}
      >
        <label>
          {t('fields.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={self} name="role">
            {roleSchema.options.map((r) => (
              <option key={r} value={r}>
                {ts(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('fields.district')}
          <input value={district} onChange={(e) => setDistrict(e.target.value)} name="district" />
          <small>{t('fields.districtHelp')}</small>
        </label>
        <div className="admin-actions">
          <button type="submit" className="admin-button admin-primary" disabled={patch.isPending}>
            {patch.isPending ? ta('saving') : ta('save')}
          </button>
          <button
            type="button"
            className="admin-button"
            disabled={self || patch.isPending}
            onClick={() => patch.mutate({ id: user.id, patch: { disabled: !user.disabled } })}
          >
            {user.disabled ? t('unlock') : t('lock')}
          </button>
          <button
            type="button"
            className="admin-button"
            disabled={reset.isPending}
            onClick={() => reset.mutate(user.id, { onSuccess: (a) => setSecret(a.password) })}
          >
            {t('reset')}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="admin-error">
          {ta('error', { message: errorText(error) })}
        </p>
      )}
      {secret && (
        <SecretOnce
          label={t('resetDone', { username: user.username })}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      )}
      <AuditTrail path={userPath(user.id)} kind="users" />
    </section>
  )
}
