import type { TFunction } from 'i18next'
import { countLineSchema, zoneSchema, type CountLine, type Zone } from '@ioc/contracts'
import type { AuditDescriber } from '../common/audit-detail.js'

function zoneText(t: TFunction, z: Zone): string {
  const limits = [
    z.crowdAbove !== undefined ? t('geometry.audit.crowdAbove', { n: z.crowdAbove }) : null,
    z.stoppedAfterS !== undefined ? t('geometry.audit.stoppedAfter', { s: z.stoppedAfterS }) : null,
  ].filter((s) => s !== null)
  const kind = t(`geometry.zoneKinds.${z.kind}`)
  const points = t('geometry.audit.points', { count: z.points.length })
  return `${z.name} (${kind}) — ${[points, ...limits].join(', ')}`
}

function lineText(t: TFunction, l: CountLine): string {
  const { leftToRight, rightToLeft } = l.directions
  const oneWay = l.oneWay ? ` (${t('geometry.audit.oneWay', { direction: l.directions[l.oneWay] })})` : ''
  return `${l.name}: ${leftToRight} / ${rightToLeft}${oneWay}`
}

/**
 * A camera's zones and count lines in the trail as an admin names them ("Khu cấm (Vùng cấm) — 4
 * điểm"), not as the JSON stored; an entry that does not parse as zones or lines (an older shape)
 * is left to the generic form.
 */
export function cameraAuditDescriber(t: TFunction): AuditDescriber {
  return (key, value) => {
    if (key !== 'zones' && key !== 'lines') return null
    const label = t(`geometry.audit.${key}`)
    if (!Array.isArray(value)) return null
    if (value.length === 0) return { label, text: t('geometry.audit.none') }
    if (key === 'zones') {
      const zones = zoneSchema.array().safeParse(value)
      return zones.success ? { label, text: zones.data.map((z) => zoneText(t, z)).join('; ') } : null
    }
    const lines = countLineSchema.array().safeParse(value)
    return lines.success ? { label, text: lines.data.map((l) => lineText(t, l)).join('; ') } : null
  }
}
