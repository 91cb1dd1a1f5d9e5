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
}
