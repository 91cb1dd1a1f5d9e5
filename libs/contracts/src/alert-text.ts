/**
 * The rules write an alert's description in both languages, one line each, Vietnamese first
 * (apps/api/src/rules/evaluators/describe.ts), so that a webhook or an export carries both; a
 * screen shows its reader's line.
 */
export function bilingualText(vi: string, en: string): string {
  return `${vi.replaceAll('\n', ' ')}\n${en.replaceAll('\n', ' ')}`
}

/** The reader's line of a bilingual description; a text of another shape is shown as it is. */
export function textIn(text: string, language: 'vi' | 'en'): string {
  const lines = text.split('\n')
  if (lines.length !== 2) return text
  return language === 'en' ? lines[1]! : lines[0]!
}
