import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common'
import { roleSchema } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { DATABASE } from '../database/database.module.js'
import { hashPassword } from './passwords.js'

/** One user per role, named after it, whole province: only in demo mode (IOC_DEMO=true). */
@Injectable()
export class DemoUsers implements OnModuleInit {
  private readonly logger = new Logger('auth')

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.env.IOC_DEMO) return
    // Re-hashed at every start so that a changed IOC_DEMO_PASSWORD takes effect.
    const hash = await hashPassword(this.config.env.IOC_DEMO_PASSWORD)
    for (const role of roleSchema.options)
      await this.db.users.upsert({ id: `demo-${role}`, username: role, role, district: null }, hash)
    this.logger.log(`demo mode: users ${roleSchema.options.join(', ')} (password from IOC_DEMO_PASSWORD)`)
    if (this.config.env.IOC_JWT_SECRET === undefined)
      this.logger.log(
        'demo mode: tokens are signed with a secret made at this start; a restart logs everybody out',
      )
  }
}
