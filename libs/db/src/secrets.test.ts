import { describe, expect, it } from 'vitest'
import { hashSecret, verifySecret } from './secrets.js'

describe('secrets', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashSecret('sông-Hoài-2026')
    const b = await hashSecret('sông-Hoài-2026')
    expect(a).not.toBe(b)
    expect(a.startsWith('scrypt$')).toBe(true)
    expect(await verifySecret('sông-Hoài-2026', a)).toBe(true)
    expect(await verifySecret('sông-Hoài-2027', a)).toBe(false)
  })

  it('refuses malformed stored values instead of throwing', async () => {
    for (const stored of ['', 'plain', 'md5$x$y', 'scrypt$$', 'scrypt$c2FsdA==$']) {
      expect(await verifySecret('x', stored)).toBe(false)
    }
  })
})
