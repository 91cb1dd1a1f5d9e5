import { describe, expect, it } from 'vitest'
import {
  authClaimsSchema,
  canActOnAlert,
  loginRequestSchema,
  loginResponseSchema,
  roleSchema,
  userSchema,
} from './roles.js'

describe('roles and users', () => {
  it('has the five roles', () => {
    expect(roleSchema.options).toEqual(['admin', 'operator', 'leader', 'traffic', 'security'])
  })

  it('validates users and strips anything secret', () => {
    const user = { id: 'u1', username: 'traffic', role: 'traffic', district: null }
    expect(userSchema.parse({ ...user, passwordHash: 'x' })).toEqual(user)
    expect(userSchema.safeParse({ ...user, role: 'root' }).success).toBe(false)
  })

  it('validates login bodies and keeps passwords untrimmed', () => {
    expect(loginRequestSchema.parse({ username: 'admin', password: ' ioc-demo ' })).toEqual({
      username: 'admin',
      password: ' ioc-demo ',
    })
    expect(loginRequestSchema.safeParse({ username: 'admin' }).success).toBe(false)
    expect(loginRequestSchema.safeParse({ username: '', password: 'x' }).success).toBe(false)
    const response = {
      accessToken: 'eyJ...',
      user: { id: 'u1', username: 'admin', role: 'admin', district: null },
      expiresAt: '2025-06-01T08:00:00Z',
      refreshToken: 'b64url-random-token',
      refreshExpiresAt: '2025-07-01T08:00:00Z',
    }
    expect(loginResponseSchema.parse(response)).toEqual(response)
    expect(
      authClaimsSchema.parse({ sub: 'u1', username: 'admin', role: 'admin', district: null, iat: 1, exp: 2 }),
    ).toEqual({
      sub: 'u1',
      username: 'admin',
      role: 'admin',
      district: null,
    })
  })

  it('lets each role act on its own domain only', () => {
    const traffic = { category: 'traffic', district: 'Tam Kỳ' } as const
    const security = { category: 'security', district: 'Tam Kỳ' } as const
    const anywhere = { district: null }
    expect(canActOnAlert({ role: 'admin', ...anywhere }, security)).toBe(true)
    expect(canActOnAlert({ role: 'operator', ...anywhere }, traffic)).toBe(true)
    expect(canActOnAlert({ role: 'leader', ...anywhere }, traffic)).toBe(false)
    expect(canActOnAlert({ role: 'traffic', ...anywhere }, traffic)).toBe(true)
    expect(canActOnAlert({ role: 'traffic', ...anywhere }, security)).toBe(false)
    expect(canActOnAlert({ role: 'security', ...anywhere }, security)).toBe(true)
    expect(canActOnAlert({ role: 'traffic', district: 'Hội An' }, traffic)).toBe(false)
    expect(canActOnAlert({ role: 'traffic', district: 'Tam Kỳ' }, traffic)).toBe(true)
    expect(
      canActOnAlert({ role: 'traffic', district: 'Hội An' }, { category: 'traffic', district: null }),
    ).toBe(true)
  })
})
