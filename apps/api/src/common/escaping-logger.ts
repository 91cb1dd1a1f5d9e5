import { ConsoleLogger, type LogLevel } from '@nestjs/common'

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

/**
 * The api's one logger (bootstrap.ts gives it to Nest, so every `new Logger(context)` writes
 * through it): a message is escaped before it is coloured, so a username with a newline or an
 * ANSI escape can neither forge a log line nor repaint the terminal. A stack keeps one frame a
 * line, and only the frames' own line breaks.
 */
export class EscapingLogger extends ConsoleLogger {
  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    return super.stringifyMessage(
      typeof message === 'string' ? escapeControlCharacters(message) : message,
      logLevel,
    ) as string
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack && escapeControlCharacters(stack).replace(/\\n(?= {4}at )/g, '\n'))
  }
}
