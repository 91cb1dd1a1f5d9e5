import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A Mosquitto broker of the test's own, on its own port, with persistence, stoppable and restartable. */
export class MosquittoProcess {
  private child: ChildProcess | null = null
  private dir = ''
  private started = false

  /**
   * `config` lines replace anonymous access, e.g. password_file and acl_file of infra/mosquitto;
   * `{dir}` in them is the broker's own directory, where writeFile puts files.
   */
  constructor(
    readonly port: number,
    private readonly config: string[] = ['allow_anonymous true'],
  ) {}

  /** A file next to the broker's configuration (passwords, ACL), readable after it drops root. */
  async writeFile(name: string, text: string): Promise<string> {
    await this.prepareDir()
    const path = join(this.dir, name)
    await writeFile(path, text, { mode: 0o644 })
    return path
  }

  private async prepareDir(): Promise<void> {
    if (this.dir) return
    this.dir = await mkdtemp(join(tmpdir(), 'ioc-mosquitto-'))
    // Started as root, Mosquitto drops to the `mosquitto` user and could not write its
    // persistence file into a root-only directory: the restart then lost every session.
    await chmod(this.dir, 0o777)
  }

  /** The running broker's process id (its CPU is read from /proc by the ingest bench). */
  get pid(): number | undefined {
    return this.child?.pid
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    if (!this.started) {
      this.started = true
      await this.prepareDir()
      await writeFile(
        join(this.dir, 'mosquitto.conf'),
        [
          `listener ${this.port} 127.0.0.1`,
          ...this.config.map((line) => line.replaceAll('{dir}', this.dir)),
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
