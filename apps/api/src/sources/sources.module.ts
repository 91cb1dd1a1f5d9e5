import { Module } from '@nestjs/common'
import { SourcesDirectory } from './sources-directory.js'

@Module({ providers: [SourcesDirectory], exports: [SourcesDirectory] })
export class SourcesModule {}
