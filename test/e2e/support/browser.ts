// One Chromium launcher for every browser test; the api's tests own it (this project depends on
// the api, not the other way round).
export { launchChromium } from '../../../apps/api/test/support/browser.js'
