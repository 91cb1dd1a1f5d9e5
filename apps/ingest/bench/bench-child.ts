// A helper process of the bench (see child.ts): `embedded-db`, `aedes` or `publishers`. Cleans up
// on a `stop` message and also when the parent goes away, so no run leaves a server behind.
import { createEmbeddedTestDatabase, freePort } from '@ioc/db/testing'
import { startEmbeddedBroker } from '../src/broker/embedded-broker.js'
import { Publishers } from './publishers.js'
import type { ChildMessage } from './child.js'

const role = process.argv[2]
const send = (m: ChildMessage) => process.send?.(m)
let cleanup: () => Promise<void> = async () => {}
let stopping = false

async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  // bounded: a server that does not stop must not keep the bench from exiting
  const timer = setTimeout(() => process.exit(1), 15_000)
  try {
    await cleanup()
  } catch (err) {
    process.stderr.write(`[bench ${role}] cleanup failed: ${(err as Error).message}\n`)
  }
  clearTimeout(timer)
  process.exit(0)
}

async function main(): Promise<void> {
  let publishers: Publishers | null = null
  process.on('disconnect', () => void stop())
  process.on('message', (m: ChildMessage) => {
    if (m.type === 'stop') void stop()
    else if (m.type === 'cpu') {
      const { user, system } = process.cpuUsage()
      send({ type: 'cpu', seconds: (user + system) / 1e6 })
    } else publishers?.handle(m)
  })

  if (role === 'embedded-db') {
    const db = await createEmbeddedTestDatabase()
    cleanup = () => db.dispose()
    send({ type: 'ready', url: db.url })
  } else if (role === 'aedes') {
    const broker = await startEmbeddedBroker({ port: await freePort() })
    cleanup = () => broker.stop()
    send({ type: 'ready', url: broker.url })
  } else if (role === 'publishers') {
    publishers = new Publishers(send)
    cleanup = () => publishers!.end()
    send({ type: 'ready' })
  } else throw new Error(`unknown role ${role}`)
}

main().catch((err: Error) => {
  send({ type: 'error', message: err.message })
  void stop()
})
