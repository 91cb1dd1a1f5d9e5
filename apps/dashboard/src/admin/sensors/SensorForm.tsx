import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { deviceKindSchema, sensorViewSchema, type DeviceKind } from '@ioc/contracts'
import { errorText, send, useAdminMutation } from '../common/admin-api.js'
import { Field } from '../common/Field.js'
import { SecretOnce } from '../common/SecretOnce.js'
import { PositionPicker } from '../cameras/PositionPicker.js'
import { adminNs } from '../i18n.js'
import { sensorsNs } from './i18n.js'

/** 18 random bytes from the browser's generator: the device's MQTT password, shown once. */
function madeUpPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
}

const empty = {
  id: '',
  name: '',
  kind: 'air_quality' as DeviceKind,
  metrics: 'pm25, pm10',
  district: '',
  lat: '',
  lon: '',
}

/** Registers a device; its MQTT password is made here, sent once (stored hashed) and shown once. */
export function SensorForm({ onSaved }: { onSaved: (id: string) => void }) {
  const { t } = useTranslation(sensorsNs)
  const { t: ta } = useTranslation(adminNs)
  const [d, setD] = useState(empty)
  const [shown, setShown] = useState<{ id: string; password: string } | null>(null)
  const create = useAdminMutation(
    (api, body: Record<string, unknown>) => send(api, 'POST', '/api/sensors', body, sensorViewSchema),
    ['sensors'],
  )
  const set = (key: keyof typeof empty, value: string) => setD((x) => ({ ...x, [key]: value }))
  const submit = () => {
    const password = madeUpPassword()
    create.mutate(
      {
        id: d.id.trim(),
        name: d.name.trim(),
        kind: d.kind,
        metrics: d.metrics
          .split(',')
          .map((m) => m.trim())
          .filter((m) => m !== ''),
        district: d.district.trim(),
        lat: Number(d.lat.replace(',', '.')),
        lon: Number(d.lon.replace(',', '.')),
        password,
      },
      {
        onSuccess: (s) => {
          setShown({ id: s.id, password })
          setD(empty)
          onSaved(s.id)
        },
      },
    )
  }
  const input = (key: keyof typeof empty, inputMode?: 'decimal') => (
    <input name={key} value={d[key]} inputMode={inputMode} onChange={(e) => set(key, e.target.value)} />
  )
  return (
    <section className="admin-detail" aria-label={t('add')} data-testid="sensor-form">
      <h3>{t('add')}</h3>
      <form
        className="admin-form admin-form-grid"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <Field label={t('fields.id')} help={t('fields.idHelp')}>
          {input('id')}
        </Field>
        <Field label={t('fields.name')}>{input('name')}</Field>
        <Field label={t('fields.kind')}>
          <select name="kind" value={d.kind} onChange={(e) => set('kind', e.target.value)}>
            {deviceKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.metrics')} help={t('fields.metricsHelp')}>
          {input('metrics')}
        </Field>
        <Field label={t('fields.district')}>{input('district')}</Field>
        <Field label={t('fields.lat')}>{input('lat', 'decimal')}</Field>
        <Field label={t('fields.lon')}>{input('lon', 'decimal')}</Field>
        <div className="admin-span">
          <PositionPicker
            lat={d.lat === '' ? null : Number(d.lat)}
            lon={d.lon === '' ? null : Number(d.lon)}
            onPick={(p) =>
              setD((x) => ({
                ...x,
                lat: String(p.lat),
                lon: String(p.lon),
              }))
            }
          />
        </div>
        <div className="admin-actions admin-span">
          <button type="submit" className="admin-button admin-primary" disabled={create.isPending}>
            {create.isPending ? ta('saving') : t('create')}
          </button>
        </div>
        {create.isError && (
          <p role="alert" className="admin-error admin-span">
            {ta('error', { message: errorText(create.error) })}
          </p>
        )}
      </form>
      {shown && (
        <SecretOnce
          label={t('mqttPassword', { id: shown.id })}
          secret={shown.password}
          onClose={() => setShown(null)}
        />
      )}
    </section>
  )
}
