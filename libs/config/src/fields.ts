import { z } from 'zod'

// Reusable field parsers: environment values are strings, and each message says what is expected.

export const port = (fallback: number) =>
  z.coerce
    .number({ message: 'a TCP port number' })
    .int({ message: 'a whole TCP port number' })
    .min(1, { message: 'a port between 1 and 65535' })
    .max(65535, { message: 'a port between 1 and 65535' })
    .default(fallback)

export const positiveInt = (fallback: number, what: string) =>
  z.coerce
    .number({ message: what })
    .int({ message: `${what} (a whole number)` })
    .positive({ message: `${what} (greater than 0)` })
    .default(fallback)

/** Unset or empty means "use the embedded default". */
export const optionalUrl = (schemes: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || schemes.some((s) => v.startsWith(`${s}://`)), {
      message: `a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}, or unset for the embedded default`,
    })

export const logLevel = z
  .enum(['debug', 'info', 'warn', 'error'], { message: 'one of debug, info, warn, error' })
  .default('info')

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)))
