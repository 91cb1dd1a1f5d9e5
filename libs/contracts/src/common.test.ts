import { describe, expect, it } from 'vitest'
import { districtSchema, localizedTextSchema, nameSchema, usernameSchema } from './common.js'

describe('single-line text', () => {
  it('refuses NUL, line breaks and escapes in names, districts and usernames', () => {
    for (const schema of [nameSchema, districtSchema, usernameSchema])
      for (const bad of ['a\u0000b', '\u0000', 'admin\nLOG forged', 'x\u001b[31m', 'tab\there', 'c1\u0085'])
        expect(schema.safeParse(bad).success).toBe(false)
    expect(localizedTextSchema.safeParse({ vi: 'Hội An', en: 'a\u0000' }).success).toBe(false)
  })

  it('accepts Vietnamese and trims', () => {
    expect(districtSchema.parse('  Hội An ')).toBe('Hội An')
    expect(nameSchema.parse('Ngã tư Phan Châu Trinh – Trần Phú')).toBe('Ngã tư Phan Châu Trinh – Trần Phú')
    expect(usernameSchema.safeParse('x'.repeat(65)).success).toBe(false)
  })
})
