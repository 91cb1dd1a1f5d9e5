import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { roleSchema, type Role } from '@ioc/contracts'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { SecretOnce } from '../common/SecretOnce.js'
import { adminNs } from '../i18n.js'
import { usersNs } from './i18n.js'
import { createUser } from './user-queries.js'

export function UserCreateForm() {
  const { t } = useTranslation(usersNs)
  const { t: ta } = useTranslation(adminNs)
  const { t: ts } = useTranslation()
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<Role>('operator')
  const [district, setDistrict] = useState('')
  const [password, setPassword] = useState('')
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null)
  const create = useAdminMutation(createUser, ['users'])

  const submit = (e: FormEvent) => {
    e.preventDefault()
    create.mutate(
      {
        username: username.trim(),
        role,
        district: district.trim() === '' ? null : district.trim(),
        ...(password ? { password } : {}),
      },
      {
        onSuccess: (answer) => {
          if (answer.password) setShown({ username: answer.user.username, password: answer.password })
          setUsername('')
          setDistrict('')
          setPassword('')
        },
      },
    )
  }

  return (
    <form
      className="admin-form admin-detail"
      onSubmit={submit}
      aria-label={t('add')}
      data-testid="user-create"
    >
      <h3>{t('add')}</h3>
      <label>
        {t('fields.username')}
        <input value={username} onChange={(e) => setUsername(e.target.value)} required name="username" />
        <small>{t('fields.usernameHelp')}</small>
      </label>
      <label>
        {t('fields.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} name="role">
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
      <label>
        {t('fields.password')}
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          name="password"
        />
        <small>{t('fields.passwordHelp')}</small>
      </label>
      <div className="admin-actions">
        <button type="submit" className="admin-button admin-primary" disabled={create.isPending}>
          {create.isPending ? ta('saving') : t('create')}
        </button>
      </div>
      {create.isError && (
        <p role="alert" className="admin-error">
          {ta('error', { message: errorText(create.error) })}
        </p>
      )}
      {shown && (
        <SecretOnce
          label={t('createdPassword', { username: shown.username })}
          secret={shown.password}
          onClose={() => setShown(null)}
        />
      )}
    </form>
  )
}
