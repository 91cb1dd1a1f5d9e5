import { Global, Module } from '@nestjs/common'
import { ConfigAuditService } from './config-audit.service.js'

/** The configuration trail, for every module that changes configuration. */
@Global()
@Module({ providers: [ConfigAuditService], exports: [ConfigAuditService] })
export class AuditModule {}
