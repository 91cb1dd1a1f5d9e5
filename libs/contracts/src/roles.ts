import { z } from 'zod'
import { districtSchema, isoDateTimeSchema, usernameSchema } from './common.js'
import type { Alert, AlertCategory } from './alerts.js'

export const roleSchema = z.enum(['admin', 'operator', 'leader', 'traffic', 'security'])
export type Role = z.infer<typeof roleSchema>

export const userSchema = z.object({
  id: z.string().min(1).max(64),
  username: usernameSchema,
  role: roleSchema,
  // Staff of one district see and act on that district only; null means the whole province.
  district: districtSchema.nullable(),
})
export type User = z.infer<typeof userSchema>

export const loginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  // Not trimmed: spaces may be part of a password.
  password: z.string().min(1).max(256),
})
export type LoginRequest = z.infer<typeof loginRequestSchema>

export const loginResponseSchema = z.object({
  accessToken: z.string().min(1),
  user: userSchema,
  expiresAt: isoDateTimeSchema,
  // Exchanged at POST /api/auth/refresh for a new access token and a new refresh token (this one
  // then stops working), so a wall display stays signed in for as long as it keeps refreshing.
  refreshToken: z.string().min(1),
  refreshExpiresAt: isoDateTimeSchema,
})
export type LoginResponse = z.infer<typeof loginResponseSchema>

// POST /api/auth/refresh and POST /api/auth/logout.
export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(512) })
export type RefreshRequest = z.infer<typeof refreshRequestSchema>

// The JWT payload: enough to authorise a request or a socket without a database round trip.
export const authClaimsSchema = z.object({
  sub: z.string().min(1).max(64),
  username: usernameSchema,
  role: roleSchema,
  district: districtSchema.nullable(),
})
export type AuthClaims = z.infer<typeof authClaimsSchema>

// Which alert categories each role may acknowledge, assign and resolve. Leaders read, never act.
export const roleCategories: Readonly<Record<Role, 'all' | readonly AlertCategory[]>> = {
  admin: 'all',
  operator: 'all',
  leader: [],
  traffic: ['traffic'],
  security: ['security'],
}

/** Whether `user` may act on `alert` (acknowledge, assign, comment, resolve). */
export function canActOnAlert(
  user: Pick<User, 'role' | 'district'>,
  alert: Pick<Alert, 'category' | 'district'>,
): boolean {
  const allowed = roleCategories[user.role]
  if (allowed !== 'all' && !allowed.includes(alert.category)) return false
  return user.district === null || alert.district === null || user.district === alert.district
}

/**
 * Whether the alert may be given to `assignee`: only to someone who can act on it, or to nobody
 * (null). An alert assigned to a leader or to another domain's staff would wait for nobody.
 */
export function canBeAssignedTo(
  assignee: Pick<User, 'role' | 'district'> | null,
  alert: Pick<Alert, 'category' | 'district'>,
): boolean {
  return assignee === null || canActOnAlert(assignee, alert)
}
