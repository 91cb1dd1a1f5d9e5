import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common'
import { recordingsDir } from '@ioc/config'
import { DirectoryRecordingStorage } from '@ioc/db'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { ClipCutter } from './clip-cutter.js'
import { RecordingsController } from './recordings.controller.js'
import { RECORDING_STORAGE, RecordingsService } from './recordings.service.js'

/** Playback of what the ingest recorded: the index in the database, the files in the storage both reach. */
@Module({
  controllers: [RecordingsController],
  providers: [
    RecordingsService,
    { provide: ClipCutter, useFactory: () => new ClipCutter() },
    {
      provide: RECORDING_STORAGE,
      useFactory: (config: ApiConfig) => new DirectoryRecordingStorage(recordingsDir(config.env)),
      inject: [API_CONFIG],
    },
  ],
})
export class RecordingsModule implements OnApplicationShutdown {
  constructor(@Inject(ClipCutter) private readonly cutter: ClipCutter) {}

  async onApplicationShutdown(): Promise<void> {
    await this.cutter.dispose()
  }
}
