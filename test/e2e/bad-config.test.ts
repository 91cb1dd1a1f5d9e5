import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '@ioc/db/testing'
import { startDemo, type DemoProcess } from './support/demo-process.js'

// An operator at 3 a.m. gets one line that says what is wrong, never a stack trace.
const stackTraceLine = /^\s+at .+:\d+:\d+\)?$/m

describe('npm run demo with a bad configuration', () => {
  let demo: DemoProcess | null = null
  afterEach(async () => {
    await demo?.cleanup()
    demo = null
  })

  it('names an unreachable DATABASE_URL, without its password', async () => {
    const port = await freePort()
    demo = await startDemo({ DATABASE_URL: `postgres://ioc:s3cret@127.0.0.1:${port}/ioc` })
    const code = await new Promise<number | null>((ok) => demo!.child.once('exit', ok))
    expect(code).toBe(1)
    // whichever service connects first says it, and the launcher stops the rest
    expect(demo.output()).toMatch(
      new RegExp(
        `\\[(api|ingest|broker)\\] cannot start: cannot reach the database at postgres://ioc:\\*\\*\\*@127\\.0\\.0\\.1:${port}/ioc: connection refused`,
      ),
    )
    expect(demo.output()).toContain('[demo] stopped')
    expect(demo.output()).not.toContain('s3cret')
    expect(demo.output()).not.toMatch(stackTraceLine)
  })

  it('names a port in use and the variable that moves it', async () => {
    const blocker = createServer()
    const port = await freePort()
    await new Promise<void>((ok) => blocker.listen(port, '127.0.0.1', ok))
    try {
      demo = await startDemo({ PORT: String(port) })
      const code = await new Promise<number | null>((ok) => demo!.child.once('exit', ok))
      expect(code).toBe(1)
      expect(demo.output()).toContain(
        `[demo] cannot start: api port ${port} is in use (set PORT). Is another demo running?`,
      )
      expect(demo.output()).not.toMatch(stackTraceLine)
    } finally {
      blocker.close()
    }
  })

  it('lists every wrong variable at once', async () => {
    demo = await startDemo({ DATABASE_URL: 'mysql://db/ioc', IOC_RETENTION_DAYS: 'forever' })
    const code = await new Promise<number | null>((ok) => demo!.child.once('exit', ok))
    expect(code).toBe(1)
    expect(demo.output()).toContain(
      'DATABASE_URL: got "mysql://db/ioc", expected a URL starting with postgres:// or postgresql://',
    )
    expect(demo.output()).toContain(
      'IOC_RETENTION_DAYS: got "forever", expected days of raw readings to keep',
    )
    expect(demo.output()).not.toMatch(stackTraceLine)
  })
})
