// Where the CPU went during a phase: this process, the helper processes, and (by name, from /proc)
// the servers the bench does not own, Mosquitto and PostgreSQL. Linux only; elsewhere null.
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'

const TICKS_PER_S = 100 // USER_HZ, 100 on every Linux this runs on

/** CPU seconds used so far by every live process whose command name is `comm`, or by process `pid`. */
export function processCpuSeconds(comm: string | number): number | null {
  try {
    let ticks = 0
    const pids = typeof comm === 'number' ? [String(comm)] : readdirSync('/proc')
    for (const pid of pids) {
      if (!/^\d+$/.test(pid)) continue
      let stat: string
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      } catch {
        continue // gone meanwhile
      }
      const close = stat.lastIndexOf(')')
      if (typeof comm === 'string' && stat.slice(stat.indexOf('(') + 1, close) !== comm) continue
      const fields = stat.slice(close + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12]) // utime, stime
    }
    return ticks / TICKS_PER_S
  } catch {
    return null
  }
}

/** Busy CPU seconds of the whole machine so far, all cores added. */
export function machineBusySeconds(): number {
  let busy = 0
  for (const { times } of cpus()) busy += times.user + times.nice + times.sys + times.irq
  return busy / 1000
}

export const cores = () => cpus().length
