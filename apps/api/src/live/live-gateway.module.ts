import { Module } from '@nestjs/common'
import { AlertsModule } from '../alerts/alerts.module.js'
import { LiveGateway } from './live.gateway.js'

/** Separate from LiveModule so that the push side (global) does not depend on alerts. */
@Module({ imports: [AlertsModule], providers: [LiveGateway] })
export class LiveGatewayModule {}
