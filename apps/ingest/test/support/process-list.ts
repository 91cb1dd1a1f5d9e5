// The machine's process list as any local user reads it (/proc/<pid>/cmdline, what `ps` shows).
import { readdirSync, readFileSync } from 'node:fs'

export interface ListedProcess {
  pid: number
  ppid: number
  /** Arguments joined by spaces. */
  command: string
}

export function listProcesses(): ListedProcess[] {
  const listed: ListedProcess[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim()
      // stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      listed.push({ pid: Number(entry), ppid, command })
    } catch {
      // the process ended between readdir and read
    }
  }
  return listed
}

/** `roots` and every process below them. */
export function descendantsOf(processes: ListedProcess[], roots: number[]): Set<number> {
  const found = new Set(roots)
  for (let grew = true; grew;) {
    grew = false
    for (const p of processes)
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid)
        grew = true
      }
  }
  return found
}
