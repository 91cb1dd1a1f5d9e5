import { Module } from '@nestjs/common'
import { CameraFeedService } from './camera-feed.service.js'
import { CameraVideoService } from './camera-video.service.js'
import { CamerasController } from './cameras.controller.js'
import { CamerasService } from './cameras.service.js'
import { ConnectionTestService } from './connection-test.service.js'
import { LiveUpgradeHook } from './live-upgrade.js'

@Module({
  controllers: [CamerasController],
  providers: [CamerasService, CameraFeedService, CameraVideoService, ConnectionTestService, LiveUpgradeHook],
  exports: [CameraFeedService],
})
export class CamerasModule {}
