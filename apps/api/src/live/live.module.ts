import { Global, Module } from '@nestjs/common'
import { SourcesModule } from '../sources/sources.module.js'
import { LiveService } from './live.service.js'

/** The push side, global so any module can push; the gateway lives in LiveGatewayModule. */
@Global()
@Module({ imports: [SourcesModule], providers: [LiveService], exports: [LiveService] })
export class LiveModule {}
