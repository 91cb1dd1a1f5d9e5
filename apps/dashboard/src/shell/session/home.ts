import type { Role } from '@ioc/contracts'

/** Where each role starts: leaders on their KPIs, domain staff on their alerts, operators on the wall. */
export const homeOf: Readonly<Record<Role, string>> = {
  admin: '/wall',
  operator: '/wall',
  leader: '/kpi',
  traffic: '/alerts',
  security: '/alerts',
}

/** A `next` taken from the URL only if it stays on this site (never `//evil.example`). */
export function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null
}
