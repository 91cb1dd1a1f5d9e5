import { Module } from '@nestjs/common'
import { SourcesModule } from '../sources/sources.module.js'
import { CityKpisService } from './city-kpis.service.js'

@Module({ imports: [SourcesModule], providers: [CityKpisService], exports: [CityKpisService] })
export class CityKpisModule {}
