import { afterAll, beforeAll } from 'vitest'
import { videoWallTests, wallCameras } from './browser/video-wall.js'
import { startSharedDemo, type SharedDemo } from './support/shared-demo.js'

// The video wall needs a demo of its own: sixteen simulated cameras fill a 4x4 wall, a load the
// other browser tests (demo.test.ts, four cameras) are not measured under.
let shared: SharedDemo

beforeAll(async () => {
  shared = await startSharedDemo({ IOC_SIM_CAMERAS: String(wallCameras) })
}, 330_000)

afterAll(async () => {
  await shared?.browser.close()
  await shared?.demo.cleanup()
})

videoWallTests(() => shared)
