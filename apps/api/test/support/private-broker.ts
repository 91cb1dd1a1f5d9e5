// A Mosquitto of the test's own, for tests that read every retained status on the broker: the
// shared one on 1883 also carries the heartbeats of other tests' ingest processes.
import { spawn, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { freePort } from '@ioc/db/testing'

export interface PrivateBroker {
  url: string
  stop(): Promise<void>
}

const accepts = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = connect(port, '127.0.0.1', () => ok(socket.end() !== undefined))
    socket.once('error', () => ok(false))
  })

export async function startPrivateBroker(): Promise<PrivateBroker> {
  const port = await freePort()
  // without a configuration file Mosquitto 2 listens on loopback only and admits anonymous clients
  const child: ChildProcess = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' })
  const until = Date.now() + 10_000
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL')
      throw new Error(`mosquitto on port ${port} did not start (exit code ${child.exitCode})`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      }),
  }
}
