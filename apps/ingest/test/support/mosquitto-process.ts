import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A Mosquitto broker of the test's own, on its own port, with persistence, stoppable and restartable. */
export class MosquittoProcess {
  private child: ChildProcess | null = null
  private dir = ''

  constructor(readonly port: number) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    if (!this.dir) {
      this.dir = await mkdtemp(join(tmpdir(), 'ioc-mosquitto-'))
      await writeFile(
        join(this.dir, 'mosquitto.conf'),
        [
          `listener ${this.port} 127.0.0.1`,
          'allow_anonymous true',
          'persistence true',
          `persistence_location ${this.dir}/`,
          'max_queued_messages 100000',
          'max_inflight_messages 100',
        ].join('\n') + '\n',
      )
    }
    const binary = process.env.MOSQUITTO_PATH ?? '/usr/sbin/mosquitto'
    this.child = spawn(binary, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' })
    const until = Date.now() + 10_000
    while (!(await portOpen(this.port))) {
      if (Date.now() > until) throw new Error(`mosquitto did not listen on ${this.port}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  /** SIGTERM: Mosquitto writes its persistence file (sessions, queued QoS 1 messages) and exits. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child || child.exitCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
    this.child = null
  }

  async dispose(): Promise<void> {
    await this.stop()
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => (socket.destroy(), ok(true)))
    socket.once('error', () => ok(false))
  })
}
