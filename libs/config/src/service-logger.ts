import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino'
import pretty from 'pino-pretty'

export type { Logger } from 'pino'

// C0, DEL, C1 and the Unicode line separators, which some log viewers also break lines at.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsafe = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g
const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** `a\nb\u001b[31m` -> `a\\nb\\x1b[31m`: what was logged stays readable and stays on its line. */
export function escapeControlCharacters(text: string): string {
  return text.replace(
    unsafe,
    (c) =>
      named[c] ??
      (c.charCodeAt(0) > 0xff
        ? `\\u${c.charCodeAt(0).toString(16)}`
        : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
  )
}

export interface ServiceLoggerOptions {
  /** The service, written as `name` on every line: api, ingest, ... */
  name: string
  level?: 'debug' | 'info' | 'warn' | 'error'
  /** IOC_LOG_PRETTY: true readable lines, false JSON, unset: readable when stdout is a terminal. */
  pretty?: boolean | undefined
  /** Where the lines go (tests); stdout by default. */
  destination?: DestinationStream
  /** Fields on every line, e.g. the replica's instance id. */
  base?: Record<string, string>
}

/**
 * The one way a service of the IOC logs: pino, one JSON object a line (time in ISO, level by
 * name, the service's `name`, fields such as `reqId`, `cameraId`, `deviceId`), or pino-pretty's
 * one-line form for a person at a terminal (`npm run demo` asks for it when its own stdout is
 * one). Every string argument is escaped before it is written, so a username with a newline or an
 * ANSI escape can neither forge a log line nor repaint the terminal.
 */
export function createServiceLogger(options: ServiceLoggerOptions): Logger {
  const readable = options.pretty ?? (options.destination ? false : process.stdout.isTTY === true)
  const destination =
    options.destination ??
    (readable
      ? pretty({
          sync: true,
          singleLine: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
          destination: process.stdout,
        })
      : // process.stdout rather than pino's own writer to fd 1: the same bytes (synchronous for
        // files, terminals and pipes on Linux), and what a test spying on process.stdout sees
        process.stdout)
  const logger = pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { pid: process.pid, ...options.base },
      timestamp: stdTimeFunctions.isoTime,
      // pino-pretty reads numeric levels; JSON readers get the name
      ...(readable ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
      hooks: {
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i]
            if (typeof arg === 'string') (args as unknown[])[i] = escapeControlCharacters(arg)
          }
          return method.apply(this, args)
        },
      },
    },
    destination,
  )
  return logger
}

/** Fields a line may carry besides its message: the ids an operator filters by. */
export interface LogFields {
  cameraId?: string
  deviceId?: string
  [field: string]: string | number | boolean | undefined
}

/** The plain line-logging function the ingest's parts take; fields become JSON fields. */
export type LogLine = (line: string, fields?: LogFields) => void
