import type { Pool } from '../connection.js'
import type { UserRecord } from './users.repository.js'

export interface RefreshTokenInput {
  /** A hash of the token (the token itself is never stored). */
  tokenHash: string
  /** The login this token descends from: every rotation keeps it. */
  familyId: string
  userId: string
  expiresAt: Date
}

/** Why a token was refused; `reused` and `disabled` have revoked the token's whole family. */
export type RefreshRefusal = 'unknown' | 'expired' | 'revoked' | 'reused' | 'disabled'

export type RefreshUse =
  { ok: true; familyId: string; user: UserRecord } | { ok: false; reason: RefreshRefusal }

interface TokenState {
  familyId: string
  used: boolean
  revoked: boolean
  expired: boolean
  disabled: boolean
}

/**
 * Refresh tokens, by hash, in families (one per login, kept by every rotation). Of two replicas
 * presented the same token at once exactly one spends it: the spend is one conditional UPDATE.
 */
export class RefreshTokensRepository {
  constructor(private readonly pool: Pool) {}

  async issue(token: RefreshTokenInput): Promise<void> {
    await this.pool.query(
      `insert into refresh_tokens (token_hash, family_id, user_id, expires_at) values ($1, $2, $3, $4)`,
      [token.tokenHash, token.familyId, token.userId, token.expiresAt],
    )
  }

  /**
   * Spends a token and issues its successor in one statement, so that a concurrent use of the
   * same token (another replica) sees it spent and the successor already there. Gives the user
   * as now stored when the token was valid, unused, unexpired and the user not disabled. A used
   * token presented again was copied: its family is revoked, the thief's tokens and the owner's
   * alike, and both log in again. A disabled user's family is revoked too.
   */
  async rotate(tokenHash: string, next: { tokenHash: string; expiresAt: Date }): Promise<RefreshUse> {
    const spent = await this.pool.query<UserRecord & { familyId: string }>(
      `with spent as (
         update refresh_tokens t set used_at = now()
         from users u
         where t.token_hash = $1 and u.id = t.user_id and u.disabled_at is null
           and t.used_at is null and t.revoked_at is null and t.expires_at > now()
         returning t.family_id, u.id, u.username, u.role, u.district
       ), successor as (
         insert into refresh_tokens (token_hash, family_id, user_id, expires_at)
         select $2, family_id, id, $3 from spent
       )
       select id, username, role, district, family_id as "familyId" from spent`,
      [tokenHash, next.tokenHash, next.expiresAt],
    )
    const row = spent.rows[0]
    if (row) {
      const { familyId, ...user } = row
      return { ok: true, familyId, user }
    }
    const state = await this.state(tokenHash)
    if (!state) return { ok: false, reason: 'unknown' }
    if (state.revoked) return { ok: false, reason: 'revoked' }
    if (state.expired) return { ok: false, reason: 'expired' }
    await this.revokeFamily(state.familyId)
    return { ok: false, reason: state.disabled ? 'disabled' : 'reused' }
  }

  /** Revokes the family of a token (a logout); false when no live family holds it. */
  async revokeFamilyOf(tokenHash: string): Promise<boolean> {
    const result = await this.pool.query(
      `update refresh_tokens set revoked_at = now()
       where family_id = (select family_id from refresh_tokens where token_hash = $1) and revoked_at is null`,
      [tokenHash],
    )
    return (result.rowCount ?? 0) > 0
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.pool.query(
      `update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null`,
      [familyId],
    )
  }

  /** Expired tokens prove nothing any more; the table stays the size of the live sessions. */
  async deleteExpired(): Promise<number> {
    const result = await this.pool.query(`delete from refresh_tokens where expires_at <= now()`)
    return result.rowCount ?? 0
  }

  private async state(tokenHash: string): Promise<TokenState | null> {
    const result = await this.pool.query<TokenState>(
      `select t.family_id as "familyId", t.used_at is not null as used, t.revoked_at is not null as revoked,
              t.expires_at <= now() as expired, u.disabled_at is not null as disabled
       from refresh_tokens t join users u on u.id = t.user_id where t.token_hash = $1`,
      [tokenHash],
    )
    return result.rows[0] ?? null
  }
}
