import { randomBytes } from 'node:crypto'
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common'
import {
  commonErrorCodes,
  type UserAdminList,
  type UserAdminView,
  type UserCreate,
  type UserPasswordReset,
  type UserPatch,
  type UserWithPassword,
} from '@ioc/contracts'
import { UserExistsError, type Database, type UserAdminRecord } from '@ioc/db'
import { hashPassword } from '../auth/passwords.js'
import { ConfigAuditService, type ChangeBy } from '../audit/config-audit.service.js'
import { DATABASE } from '../database/database.module.js'

export const userErrorCodes = { notFound: 'user_not_found', exists: 'user_exists' } as const

/** 18 random bytes: 24 characters a person can copy from the screen once. */
const madeUpPassword = () => randomBytes(18).toString('base64url')

/**
 * The admins' user management: create, role and district, disable, reset a password. Every change
 * is audited; an admin cannot disable themselves or take their own admin role (the province would
 * risk having no admin left).
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: ConfigAuditService,
  ) {}

  async list(): Promise<UserAdminList> {
    return { items: (await this.db.users.listForAdmin()).map(view) }
  }

  async create(by: ChangeBy, input: UserCreate): Promise<UserWithPassword> {
    const password = input.password ?? madeUpPassword()
    const record = {
      id: input.username,
      username: input.username,
      role: input.role,
      district: input.district,
    }
    let user: UserAdminRecord
    try {
      user = await this.db.users.create(record, await hashPassword(password))
    } catch (err) {
      if (err instanceof UserExistsError)
        throw new ConflictException({
          code: userErrorCodes.exists,
          message: `Người dùng ${input.username} đã tồn tại / user ${input.username} already exists`,
        })
      throw err
    }
    await this.audit.record(by, 'user', user.id, 'created', { ...record, password: 'set' })
    return { user: view(user), password: input.password ? null : password }
  }

  async update(by: ChangeBy, id: string, patch: UserPatch): Promise<UserAdminView> {
    if (id === by.user.sub && (patch.disabled === true || (patch.role && patch.role !== 'admin')))
      throw new BadRequestException({
        code: commonErrorCodes.validation,
        message:
          'Không thể tự khoá hoặc bỏ quyền quản trị của chính mình / you cannot disable yourself or drop your own admin role',
        details: [{ path: patch.disabled ? 'disabled' : 'role', message: 'not on your own account' }],
      })
    const user = await this.db.users.patch(id, patch)
    if (!user) throw notFound(id)
    const action =
      Object.keys(patch).length === 1 && patch.disabled !== undefined
        ? patch.disabled
          ? 'disabled'
          : 'enabled'
        : 'updated'
    await this.audit.record(by, 'user', id, action, patch)
    return view(user)
  }

  async resetPassword(by: ChangeBy, id: string, input: UserPasswordReset): Promise<UserWithPassword> {
    const password = input.password ?? madeUpPassword()
    const user = await this.db.users.setPassword(id, await hashPassword(password))
    if (!user) throw notFound(id)
    await this.audit.record(by, 'user', id, 'password_reset', { password: 'changed' })
    return { user: view(user), password: input.password ? null : password }
  }
}

function view(user: UserAdminRecord): UserAdminView {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    district: user.district,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  }
}

function notFound(id: string) {
  return new NotFoundException({
    code: userErrorCodes.notFound,
    message: `Không có người dùng ${id} / no user ${id}`,
  })
}
