import { Inject, Injectable } from '@nestjs/common'
import type { DeadLetterPage, DeadLetterReason } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { DATABASE } from '../database/database.module.js'

@Injectable()
export class DeadLettersService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async page(query: { reason?: DeadLetterReason; limit: number; cursor?: string }): Promise<DeadLetterPage> {
    // one more than asked tells whether another page exists
    const rows = await this.db.deadLetters.list({
      reason: query.reason,
      limit: query.limit + 1,
      beforeId: query.cursor,
    })
    const items = rows.slice(0, query.limit)
    return {
      items,
      nextCursor: rows.length > query.limit ? items.at(-1)!.id : null,
      countsByReason: await this.db.deadLetters.countByReason(),
    }
  }
}
