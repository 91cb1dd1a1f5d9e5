import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common'
import { recordingsDir } from '@ioc/config'
import { DirectoryRecordingStorage } from '@ioc/db'
import { AlertsModule } from '../alerts/alerts.module.js'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { ClipCutter } from './clip-cutter.js'
import { RecordingSpaceAlerts } from './recording-space-alerts.js'
import { RecordingsController } from './recordings.controller.js'
import { RECORDING_STORAGE, RecordingsService } from './recordings.service.js'

/**
 * Playback of what the ingest recorded (the index in the database, the files in the storage both
 * reach), and the alert when an ingest stopped recording for lack of disk.
 */
@Module({
  imports: [AlertsModule],
  controllers: [RecordingsController],
  providers: [
    RecordingsService,
    RecordingSpaceAlerts,
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
