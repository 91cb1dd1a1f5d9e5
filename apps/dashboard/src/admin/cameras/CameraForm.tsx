import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { cameraKindSchema, rtspTransportSchema, type CameraView } from '@ioc/contracts'
import { errorText, useAdminMutation } from '../common/admin-api.js'
import { AuditTrail } from '../common/AuditTrail.js'
import { Field } from '../common/Field.js'
import { adminNs } from '../i18n.js'
import { cameraPath, createCamera, patchCamera } from './camera-queries.js'
import {
  cameraCreateBody,
  cameraDraftOf,
  cameraPatchBody,
  emptyCamera,
  testBody,
  type CameraDraft,
} from './camera-draft.js'
import { cameraAuditDescriber } from './audit-text.js'
import { ConnectionTest } from './ConnectionTest.js'
import { GeometryEditor } from './GeometryEditor.js'
import { camerasNs } from './i18n.js'
import { PositionPicker } from './PositionPicker.js'

/** Add (camera undefined) or edit a camera; a stored one also gets its zones and lines and trail. */
export function CameraForm({ camera, onSaved }: { camera?: CameraView; onSaved: (id: string) => void }) {
  const { t } = useTranslation(camerasNs)
  const { t: ta } = useTranslation(adminNs)
  const describeAudit = cameraAuditDescriber(t)
  const [d, setD] = useState<CameraDraft>(camera ? cameraDraftOf(camera) : emptyCamera)
  const set = <K extends keyof CameraDraft>(key: K, value: CameraDraft[K]) =>
    setD((x) => ({ ...x, [key]: value }))
  const create = useAdminMutation(createCamera, ['cameras'])
  const patch = useAdminMutation(patchCamera, ['cameras'])
  const busy = create.isPending || patch.isPending
  const error = create.error ?? patch.error
  const text = (
    key: keyof CameraDraft,
    extra: { type?: string; inputMode?: 'decimal' | 'numeric'; autoComplete?: string } = {},
  ) => (
    <input name={key} value={String(d[key])} onChange={(e) => set(key, e.target.value as never)} {...extra} />
  )
  const save = () => {
    const done = {
      onSuccess: (c: CameraView) => (setD((x) => ({ ...x, username: '', password: '' })), onSaved(c.id)),
    }
    if (camera) patch.mutate({ id: camera.id, body: cameraPatchBody(d) }, done)
    else create.mutate(cameraCreateBody(d), done)
  }

  return (
    <section className="admin-detail" data-testid="camera-form" aria-label={camera?.name ?? t('add')}>
      <h3>{camera ? camera.name : t('add')}</h3>
      <form
        className="admin-form admin-form-grid"
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault()
          save()
        }}
      >
        <Field label={t('fields.id')} help={camera ? undefined : t('fields.idHelp')}>
          <input
            name="id"
            value={d.id}
            readOnly={camera !== undefined}
            onChange={(e) => set('id', e.target.value)}
          />
        </Field>
        <Field label={t('fields.name')}>{text('name')}</Field>
        <Field label={t('fields.kind')}>
          <select
            name="kind"
            value={d.kind}
            onChange={(e) => set('kind', e.target.value as CameraDraft['kind'])}
          >
            {cameraKindSchema.options.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('fields.district')}>{text('district')}</Field>
        <Field label={t('fields.lat')}>{text('lat', { inputMode: 'decimal' })}</Field>
        <Field label={t('fields.lon')}>{text('lon', { inputMode: 'decimal' })}</Field>
        <div className="admin-span">
          <span className="admin-field-label">{t('fields.position')}</span>
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
          <small>{t('fields.positionHelp')}</small>
        </div>
        <Field
          label={t('fields.rtspUrl')}
          help={
            camera ? `${camera.rtspUrlRedacted ?? ''} — ${t('fields.rtspUrlKept')}` : t('fields.rtspUrlHelp')
          }
        >
          {text('rtspUrl')}
        </Field>
        <Field label={t('fields.transport')} help={t('fields.transportHelp')}>
          <select
            name="transport"
            value={d.transport}
            onChange={(e) => set('transport', e.target.value as CameraDraft['transport'])}
          >
            {rtspTransportSchema.options.map((v) => (
              <option key={v} value={v}>
                {t(`transports.${v}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('fields.username')}
          help={camera ? t('fields.credentialsKept') : t('fields.credentialsHelp')}
        >
          {text('username', { autoComplete: 'off' })}
        </Field>
        <Field
          label={t('fields.password')}
          help={camera ? t('fields.credentialsKept') : t('fields.credentialsHelp')}
        >
          {text('password', { type: 'password', autoComplete: 'new-password' })}
        </Field>
        <Field label={t('fields.detectFps')} help={t('fields.detectFpsHelp')}>
          {text('detectFps', { inputMode: 'numeric' })}
        </Field>
        <Field label={t('fields.modelId')} help={t('fields.modelIdHelp')}>
          {text('modelId')}
        </Field>
        <div className="admin-span">
          <ConnectionTest body={() => testBody(d, camera !== undefined)} />
        </div>
        <div className="admin-actions admin-span">
          <button type="submit" className="admin-button admin-primary" disabled={busy}>
            {busy ? ta('saving') : camera ? ta('save') : t('create')}
          </button>
          {camera && (
            <button
              type="button"
              className="admin-button"
              disabled={busy}
              onClick={() => patch.mutate({ id: camera.id, body: { enabled: !camera.enabled } })}
            >
              {camera.enabled ? ta('disable') : ta('enable')}
            </button>
          )}
        </div>
        {error && (
          <p role="alert" className="admin-error admin-span">
            {ta('error', { message: errorText(error) })}
          </p>
        )}
      </form>
      {camera && <GeometryEditor key={camera.id} camera={camera} />}
      {camera && <AuditTrail path={cameraPath(camera.id)} kind="cameras" describe={describeAudit} />}
    </section>
  )
}
