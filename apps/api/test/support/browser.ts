// Debian's headless Chromium for browser tests, driven by playwright-core (no browser download).
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, headless, with nothing that reaches out to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // pages a test fulfils itself (page.route) have no address of their own, so Chromium's local
      // network access checks would treat them as public and block their WebSockets to the loopback api
      '--disable-features=LocalNetworkAccessChecks',
    ],
  })
}
