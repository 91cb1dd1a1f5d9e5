// The parent's side of the bench's helper processes (embedded database, aedes, publishers): each
// runs in a process of its own, as in `npm run demo`, so none steals the ingest's event loop.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export type ChildRole = 'embedded-db' | 'aedes' | 'publishers'
export interface ChildMessage {
  type: string
  [key: string]: unknown
}

const entry = fileURLToPath(new URL('./bench-child.ts', import.meta.url))
const live = new Set<BenchChild>()

export class BenchChild {
  private readonly inbox: ChildMessage[] = []
  private wake: (() => void) | null = null
  private exited: string | null = null

  private constructor(
    readonly role: ChildRole,
    private readonly proc: ChildProcess,
  ) {
    proc.on('message', (m: ChildMessage) => {
      this.inbox.push(m)
      this.wake?.()
    })
    proc.on('exit', (code, signal) => {
      this.exited = `${role} process exited (${signal ?? `code ${code}`})`
      live.delete(this)
      this.wake?.()
    })
  }

  /** Inherits tsx's loader and tsconfig (execArgv, env); its output goes to stderr, not the table. */
  static start(role: ChildRole): BenchChild {
    const proc = fork(entry, [role], { stdio: ['ignore', 2, 2, 'ipc'] })
    const child = new BenchChild(role, proc)
    live.add(child)
    return child
  }

  send(message: ChildMessage): void {
    if (this.proc.connected) this.proc.send(message)
  }

  /** The next message of this type; an `error` message, an exit or the timeout reject instead. */
  async next<T extends ChildMessage>(type: string, timeoutMs: number): Promise<T> {
    const until = Date.now() + timeoutMs
    for (;;) {
      const i = this.inbox.findIndex((m) => m.type === type || m.type === 'error')
      if (i >= 0) {
        const m = this.inbox.splice(i, 1)[0]!
        if (m.type === 'error') throw new Error(`${this.role}: ${String(m.message)}`)
        return m as T
      }
      if (this.exited) throw new Error(`${this.exited} while waiting for "${type}"`)
      const left = until - Date.now()
      if (left <= 0) throw new Error(`${this.role}: no "${type}" within ${Math.round(timeoutMs / 1000)} s`)
      await new Promise<void>((ok) => {
        const timer = setTimeout(ok, left)
        this.wake = () => {
          clearTimeout(timer)
          ok()
        }
      })
      this.wake = null
    }
  }

  async cpuSeconds(): Promise<number> {
    this.send({ type: 'cpu' })
    return (await this.next<ChildMessage & { seconds: number }>('cpu', 5000)).seconds
  }

  /** Asks it to clean up (dispose its database, stop its broker); kills it after the timeout. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.exited) return
    const gone = new Promise<void>((ok) => this.proc.once('exit', () => ok()))
    this.send({ type: 'stop' })
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs)
    await gone
    clearTimeout(timer)
  }
}

/** For the watchdog: whatever is still running when the bench gives up. */
export function killAllChildren(): void {
  for (const child of live) void child.stop(2000)
}
