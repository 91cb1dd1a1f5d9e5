import {
  kpiCsvColumns as csvColumns,
  kpiValueInputSchema,
  formatZodError,
  type KpiValueInput,
} from '@ioc/contracts'

/** Beyond this a file is refused whole: split it. */
export const maxCsvRows = 10_000

export interface CsvLineError {
  /** 1-based line number in the file as uploaded (the header is line 1). */
  line: number
  message: string
}

export type CsvParseResult =
  { ok: true; values: KpiValueInput[]; lines: number[] } | { ok: false; errors: CsvLineError[] }

/**
 * Reads KPI values from CSV: a header naming columns among `csvColumns` (any order; `value` and
 * `area` required), then one value a line. Quotes as in RFC 4180, `,` or `;` as separator (Excel
 * in Vietnamese locales writes `;`), a UTF-8 BOM is ignored, empty lines are skipped. Every bad
 * line is reported; the caller imports nothing unless `ok`.
 */
export function parseKpiCsv(text: string): CsvParseResult {
  const records = splitRecords(text.replace(/^\uFEFF/, ''))
  const header = records.shift()
  if (!header || header.fields.every((f) => f.trim() === ''))
    return {
      ok: false,
      errors: [{ line: 1, message: `empty file: expected a header of ${csvColumns.join(',')}` }],
    }
  const names = header.fields.map((f) => f.trim().toLowerCase())
  const headerErrors: string[] = []
  for (const name of names)
    if (!(csvColumns as readonly string[]).includes(name))
      headerErrors.push(`unknown column "${name}" (columns: ${csvColumns.join(', ')})`)
  for (const required of ['value', 'area'])
    if (!names.includes(required)) headerErrors.push(`missing column "${required}"`)
  if (new Set(names).size !== names.length) headerErrors.push('a column is named twice')
  if (headerErrors.length > 0)
    return { ok: false, errors: [{ line: header.line, message: headerErrors.join('; ') }] }

  const rows = records.filter((r) => !r.fields.every((f) => f.trim() === ''))
  if (rows.length === 0) return { ok: false, errors: [{ line: 2, message: 'no values after the header' }] }
  if (rows.length > maxCsvRows)
    return {
      ok: false,
      errors: [{ line: rows[maxCsvRows]!.line, message: `more than ${maxCsvRows} lines: split the file` }],
    }

  const values: KpiValueInput[] = []
  const lines: number[] = []
  const errors: CsvLineError[] = []
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      errors.push({ line: row.line, message: `${row.fields.length} fields, the header has ${names.length}` })
      continue
    }
    const raw: Record<string, unknown> = {}
    names.forEach((name, i) => {
      const cell = row.fields[i]!.trim()
      if (cell === '') return // an empty cell is an absent field (scope then defaults to province)
      raw[name] = name === 'value' ? toNumber(cell) : cell
    })
    const parsed = kpiValueInputSchema.safeParse(raw)
    if (parsed.success) {
      values.push(parsed.data)
      lines.push(row.line)
    } else
      errors.push({
        line: row.line,
        message: formatZodError(parsed.error).message.replace(/^Validation failed: /, ''),
      })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values, lines }
}

/** "41.5" and the Vietnamese "41,5" are numbers; anything else stays a string for zod to refuse. */
function toNumber(cell: string): number | string {
  const normalized = /^-?\d+,\d+$/.test(cell) ? cell.replace(',', '.') : cell
  const n = Number(normalized)
  return normalized !== '' && Number.isFinite(n) ? n : cell
}

interface CsvRecord {
  line: number
  fields: string[]
}

function splitRecords(text: string): CsvRecord[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ','
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let recordLine = 1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else {
        if (c === '\n') line++
        field += c
      }
    } else if (c === '"' && field === '') quoted = true
    else if (c === sep) {
      fields.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      fields.push(field)
      records.push({ line: recordLine, fields })
      fields = []
      field = ''
      line++
      recordLine = line
    } else field += c
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field)
    records.push({ line: recordLine, fields })
  }
  return records
}
