/** One field of a change as the trail shows it: its label and its new value, in words. */
export interface AuditLine {
  label: string
  text: string
}

/** A screen's own wording of some fields (a camera's zones and lines); null: the generic form. */
export type AuditDescriber = (key: string, value: unknown) => AuditLine | null

/** Past this, a value is cut: the trail is a list of changes, not the item. */
const MAX_TEXT = 240

function valueText(value: unknown, none: string): string {
  if (value === null || value === undefined) return none
  if (Array.isArray(value)) return value.length === 0 ? none : value.map((v) => valueText(v, none)).join(', ')
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${valueText(v, none)}`)
      .join(', ')
  return String(value)
}

/**
 * The fields of an audit entry's `detail` (libs/contracts config-audit.ts) in words, one line
 * each: a screen's describer first, else `key: value` with nested objects as `k: v, ...`, never
 * raw JSON.
 */
export function auditLines(
  detail: Record<string, unknown>,
  none: string,
  describe?: AuditDescriber,
): AuditLine[] {
  return Object.entries(detail).map(([key, value]) => {
    const line = describe?.(key, value) ?? { label: key, text: valueText(value, none) }
    return line.text.length > MAX_TEXT ? { ...line, text: `${line.text.slice(0, MAX_TEXT - 1)}…` } : line
  })
}
