/**
 * One CSV field, RFC 4180: quoted when it could break the row. A text starting with = + - @ would
 * be a formula in a spreadsheet: it is written after a ' (quoted). A number is never a formula, so
 * -3.5 stays a number a re-upload reads.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe
}
