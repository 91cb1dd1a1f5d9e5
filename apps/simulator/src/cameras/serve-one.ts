// One simulated camera as a process, for other projects' tests (they may not import this app):
//   serve-one --clip traffic.mp4 --port 8554 [--user u --password p] [--protocols tcp,udp]
//   serve-one --clock --port 8554 ...   (frames show their capture time: see clock-feed.ts)
// Prints JSON lines: {"event":"ready"}, then {"event":"session","clients":..,"active":..,"sessions":..}.
// SIGTERM, or the end of stdin (the parent is gone), stops it as a camera losing power would.
import { parseArgs } from 'node:util'
import { SimulatedCamera, type RtspProtocol } from './simulated-camera.js'

const { values } = parseArgs({
  options: {
    clip: { type: 'string' },
    clock: { type: 'boolean', default: false },
    port: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    protocols: { type: 'string', default: 'tcp,udp' },
  },
})
if (!(values.clip || values.clock) || !values.port) {
  process.stderr.write(
    'usage: serve-one (--clip <mp4> | --clock) --port <port> [--user u --password p] [--protocols tcp,udp]\n',
  )
  process.exit(2)
}
const say = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`)
const camera = new SimulatedCamera({
  ...(values.clip ? { clip: values.clip } : { clock: true as const }),
  port: Number(values.port),
  ...(values.user ? { username: values.user } : {}),
  ...(values.password ? { password: values.password } : {}),
  protocols: values.protocols.split(',') as RtspProtocol[],
  log: (line) => process.stderr.write(`${line}\n`),
})
camera.on('session', (counts) => say({ event: 'session', ...counts }))
const stop = async () => {
  await camera.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
// a parent that dies without signalling (a test runner killing its worker) closes our stdin
if (!process.stdin.isTTY) {
  process.stdin.resume()
  process.stdin.on('end', () => void stop())
}
await camera.start()
say({ event: 'ready', url: camera.urlWithoutCredentials })
