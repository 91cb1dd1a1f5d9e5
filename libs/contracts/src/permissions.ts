// The permission matrix in code: who reads, acts on and configures what, by role and district.
// docs/permissions.md writes it down with its reasons; the api's guards, services and socket room
// policy use only these names, and the role matrix test probes the api against the docs' table.
import type { AlertCategory } from './alerts.js'
import type { CameraKind } from './cameras.js'
import { roleCategories, roleSchema, type Role, type User } from './roles.js'

type Who = Pick<User, 'role' | 'district'>

/** The roles of each route group that is decided by role alone (district and domain come after). */
export const rolesThat = {
  /** Devices, cameras, rules, users, metrics: how the system behaves is the admins' business. */
  configure: ['admin'],
  /** KPI figures the departments report: entered by the command room, not configuration. */
  reportKpiValues: ['admin', 'operator'],
  /** What ingest refused (dead letters): for the people who run the platform day to day. */
  operate: ['admin', 'operator'],
  /** Acknowledge, assign, comment, resolve: roles acting on at least one category (roleCategories). */
  actOnAlerts: roleSchema.options.filter((r) => {
    const c = roleCategories[r]
    return c === 'all' || c.length > 0
  }),
} as const satisfies Record<string, readonly Role[]>

/** Which camera kinds each role watches (video, snapshot, boxes, counts, its record and status). */
export const roleCameraKinds: Readonly<Record<Role, 'all' | readonly CameraKind[]>> = {
  admin: 'all',
  operator: 'all',
  leader: 'all',
  traffic: ['traffic'],
  security: ['security'],
}

/**
 * Whether something of `district` is visible: province-wide users see every district; staff of a
 * district see theirs and what belongs to no district (province-wide alerts, unplaced devices).
 */
export function seesDistrict(user: Pick<User, 'district'>, district: string | null): boolean {
  return user.district === null || district === null || district === user.district
}

export function seesCameraKind(user: Pick<User, 'role'>, kind: string): boolean {
  const kinds = roleCameraKinds[user.role]
  return kinds === 'all' || (kinds as readonly string[]).includes(kind)
}

/** A camera (its record, status, video, snapshot, boxes and counts) is seen by kind and district. */
export function canSeeCamera(user: Who, camera: { kind: string; district: string | null }): boolean {
  return seesCameraKind(user, camera.kind) && seesDistrict(user, camera.district)
}

/**
 * Every role reads the alerts of every category (situational awareness: a flood or a crowd concerns
 * traffic and security alike); acting is narrower (canActOnAlert). District staff see their district.
 */
export function canReadAlert(
  user: Who,
  alert: { category: AlertCategory; district: string | null },
): boolean {
  return seesDistrict(user, alert.district)
}

/** Devices (and their readings) are read by every role, within the district of district staff. */
export function canSeeDevice(user: Who, device: { district: string | null }): boolean {
  return seesDistrict(user, device.district)
}

/**
 * KPI values are reported by rolesThat.reportKpiValues; staff of a district report their
 * district's own figures only (scope district, area their district), never the province's.
 */
export function canReportKpiValue(
  user: Pick<User, 'district'>,
  value: { scope: string; area: string },
): boolean {
  return user.district === null || (value.scope === 'district' && value.area === user.district)
}
