import { RESOURCE_ID_PATTERN } from '@ioc/contracts'

/** A rule id from its name: "Mực nước > 250 cm" -> "muc-nuoc-250-cm"; `taken` ids get -2, -3, ... */
export function ruleIdFromName(name: string, taken: ReadonlySet<string>): string {
  let base = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '')
  if (!RESOURCE_ID_PATTERN.test(base)) base = `rule-${base}`.replace(/-+$/, '')
  if (!RESOURCE_ID_PATTERN.test(base)) base = 'rule'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}
