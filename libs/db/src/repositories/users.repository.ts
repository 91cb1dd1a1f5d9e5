import type { Pool } from '../connection.js'

export type UserRole = 'admin' | 'operator' | 'leader' | 'traffic' | 'security'

export interface UserRecord {
  id: string
  username: string
  role: UserRole
  /** null: the whole province. */
  district: string | null
}

/** Only the login path reads the hash; every other answer uses UserRecord, which has none. */
export interface UserCredentials extends UserRecord {
  passwordHash: string
}

const columns = `id, username, role, district`

/** A user as the admins' screen sees them: also whether they may sign in, and since when they exist. */
export interface UserAdminRecord extends UserRecord {
  disabled: boolean
  createdAt: Date
}

const adminColumns = `${columns}, disabled_at is not null as disabled, created_at as "createdAt"`

export class UserExistsError extends Error {}

export class UsersRepository {
  constructor(private readonly pool: Pool) {}

  /** A disabled user (`disabled_at` set) has no credentials: logging in fails like a wrong password. */
  async findCredentials(username: string): Promise<UserCredentials | null> {
    const result = await this.pool.query<UserCredentials>(
      `select ${columns}, password_hash as "passwordHash" from users where username = $1 and disabled_at is null`,
      [username],
    )
    return result.rows[0] ?? null
  }

  async get(id: string): Promise<UserRecord | null> {
    const result = await this.pool.query<UserRecord>(`select ${columns} from users where id = $1`, [id])
    return result.rows[0] ?? null
  }

  async list(): Promise<UserRecord[]> {
    return (await this.pool.query<UserRecord>(`select ${columns} from users order by username`)).rows
  }

  /** The users who can sign in (a disabled user is never offered an alert). */
  async listEnabled(): Promise<UserRecord[]> {
    return (
      await this.pool.query<UserRecord>(
        `select ${columns} from users where disabled_at is null order by username`,
      )
    ).rows
  }

  /** Creates the user, or updates role, district and hash of the one with the same id. */
  async upsert(user: UserRecord, passwordHash: string): Promise<UserRecord> {
    const result = await this.pool.query<UserRecord>(
      `insert into users (id, username, role, district, password_hash) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set username = excluded.username, role = excluded.role,
         district = excluded.district, password_hash = excluded.password_hash
       returning ${columns}`,
      [user.id, user.username, user.role, user.district, passwordHash],
    )
    return result.rows[0]!
  }

  async listForAdmin(): Promise<UserAdminRecord[]> {
    return (await this.pool.query<UserAdminRecord>(`select ${adminColumns} from users order by username`))
      .rows
  }

  async getForAdmin(id: string): Promise<UserAdminRecord | null> {
    const result = await this.pool.query<UserAdminRecord>(`select ${adminColumns} from users where id = $1`, [
      id,
    ])
    return result.rows[0] ?? null
  }

  /** A new user; UserExistsError when the id or username is taken. */
  async create(user: UserRecord, passwordHash: string): Promise<UserAdminRecord> {
    const result = await this.pool.query<UserAdminRecord>(
      `insert into users (id, username, role, district, password_hash) values ($1, $2, $3, $4, $5)
       on conflict do nothing returning ${adminColumns}`,
      [user.id, user.username, user.role, user.district, passwordHash],
    )
    const row = result.rows[0]
    if (!row) throw new UserExistsError(`user ${user.username} already exists`)
    return row
  }

  /**
   * Role, district and disabled, each only when given. Disabling also revokes every refresh token
   * of the user, in the same statement: their sessions end at their access token's expiry.
   */
  async patch(
    id: string,
    patch: { role?: UserRole; district?: string | null; disabled?: boolean },
  ): Promise<UserAdminRecord | null> {
    const result = await this.pool.query<UserAdminRecord>(
      `with changed as (
         update users set
           role = coalesce($2, role),
           district = case when $3::boolean then $4 else district end,
           disabled_at = case when $5::boolean is null then disabled_at
                              when $5 then coalesce(disabled_at, now()) else null end
         where id = $1 returning *
       ), revoked as (
         update refresh_tokens set revoked_at = coalesce(revoked_at, now())
         where $5::boolean is true and user_id = $1
       )
       select ${adminColumns} from changed`,
      [id, patch.role ?? null, 'district' in patch, patch.district ?? null, patch.disabled ?? null],
    )
    return result.rows[0] ?? null
  }

  /** A new password hash; the user's refresh tokens are revoked (whoever knew the old one is out). */
  async setPassword(id: string, passwordHash: string): Promise<UserAdminRecord | null> {
    const result = await this.pool.query<UserAdminRecord>(
      `with changed as (update users set password_hash = $2 where id = $1 returning *),
       revoked as (update refresh_tokens set revoked_at = coalesce(revoked_at, now()) where user_id = $1)
       select ${adminColumns} from changed`,
      [id, passwordHash],
    )
    return result.rows[0] ?? null
  }
}
