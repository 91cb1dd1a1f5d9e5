import type { Dispatch, SetStateAction } from 'react'
import { useTranslation } from 'react-i18next'
import { zoneKindSchema, type CountLine, type Zone } from '@ioc/contracts'
import { Field } from '../common/Field.js'
import type { Selection } from './GeometryShapes.js'
import { camerasNs } from './i18n.js'

interface Props {
  selection: Selection
  zones: Zone[]
  lines: CountLine[]
  setZones: Dispatch<SetStateAction<Zone[]>>
  setLines: Dispatch<SetStateAction<CountLine[]>>
  onDelete: () => void
}

const optionalNumber = (s: string) => (s.trim() === '' ? undefined : Number(s))

/** The picked zone's or line's name, kind and settings. */
export function SelectionFields({ selection, zones, lines, setZones, setLines, onDelete }: Props) {
  const { t } = useTranslation(camerasNs)
  const zone = selection.type === 'zone' ? zones.find((z) => z.id === selection.id) : undefined
  const line = selection.type === 'line' ? lines.find((l) => l.id === selection.id) : undefined
  const editZone = (patch: Partial<Zone>) =>
    setZones((zs) => zs.map((z) => (z.id === selection.id ? stripUndefined({ ...z, ...patch }) : z)))
  const editLine = (patch: Partial<CountLine>) =>
    setLines((ls) => ls.map((l) => (l.id === selection.id ? stripUndefined({ ...l, ...patch }) : l)))

  return (
    <div className="admin-form admin-form-grid admin-selection" data-testid="geometry-selection">
      <Field label={t('geometry.id')}>
        <input value={selection.id} readOnly name="geometryId" />
      </Field>
      {zone && (
        <>
          <Field label={t('geometry.name')}>
            <input name="zoneName" value={zone.name} onChange={(e) => editZone({ name: e.target.value })} />
          </Field>
          <Field label={t('geometry.zoneKind')}>
            <select
              name="zoneKind"
              value={zone.kind}
              onChange={(e) => editZone({ kind: e.target.value as Zone['kind'] })}
            >
              {zoneKindSchema.options.map((k) => (
                <option key={k} value={k}>
                  {t(`geometry.zoneKinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          {zone.kind === 'crowd' && (
            <Field label={t('geometry.crowdAbove')}>
              <input
                name="crowdAbove"
                inputMode="numeric"
                value={zone.crowdAbove ?? ''}
                onChange={(e) => editZone({ crowdAbove: optionalNumber(e.target.value) })}
              />
            </Field>
          )}
          {zone.kind === 'lane' && (
            <Field label={t('geometry.stoppedAfterS')}>
              <input
                name="stoppedAfterS"
                inputMode="numeric"
                value={zone.stoppedAfterS ?? ''}
                onChange={(e) => editZone({ stoppedAfterS: optionalNumber(e.target.value) })}
              />
            </Field>
          )}
        </>
      )}
      {line && (
        <>
          <Field label={t('geometry.name')}>
            <input name="lineName" value={line.name} onChange={(e) => editLine({ name: e.target.value })} />
          </Field>
          <Field label={t('geometry.leftToRight')}>
            <input
              name="leftToRight"
              value={line.directions.leftToRight}
              onChange={(e) => editLine({ directions: { ...line.directions, leftToRight: e.target.value } })}
            />
          </Field>
          <Field label={t('geometry.rightToLeft')}>
            <input
              name="rightToLeft"
              value={line.directions.rightToLeft}
              onChange={(e) => editLine({ directions: { ...line.directions, rightToLeft: e.target.value } })}
            />
          </Field>
          <Field label={t('geometry.oneWay')}>
            <select
              name="oneWay"
              value={line.oneWay ?? ''}
              onChange={(e) => editLine({ oneWay: (e.target.value || undefined) as CountLine['oneWay'] })}
            >
              <option value="">{t('geometry.twoWay')}</option>
              <option value="leftToRight">{t('geometry.onlyLeftToRight')}</option>
              <option value="rightToLeft">{t('geometry.onlyRightToLeft')}</option>
            </select>
          </Field>
        </>
      )}
      <div className="admin-actions admin-span">
        <button type="button" className="admin-button admin-danger" onClick={onDelete}>
          {t('geometry.delete')}
        </button>
      </div>
    </div>
  )
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
