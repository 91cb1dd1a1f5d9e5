import { isIP } from 'node:net'
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

const proxyNames = ['loopback', 'linklocal', 'uniquelocal']

function isAddressOrSubnet(item: string): boolean {
  if (proxyNames.includes(item)) return true
  const [address = '', bits, ...rest] = item.split('/')
  const version = isIP(address)
  if (version === 0 || rest.length > 0) return false
  if (bits === undefined) return true
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)
}

/**
 * Express's `trust proxy`: which proxies in front may say who the client is (X-Forwarded-For).
 * Unset, `0` or `false`: none, the connection's address is the client's. A number: that many hops
 * (1 = one nginx). Otherwise a comma list of addresses, subnets (`10.0.0.0/8`) or `loopback`,
 * `linklocal`, `uniquelocal`. `true` is refused: it would let any client pick its own address.
 */
export const trustProxy = z
  .string()
  .optional()
  .transform((raw, ctx): false | number | string[] => {
    const value = raw?.trim() ?? ''
    if (value === '' || value === 'false' || value === '0') return false
    if (/^\d+$/.test(value)) return Number(value)
    const items = value.split(',').map((item) => item.trim())
    if (value !== 'true' && items.every(isAddressOrSubnet)) return items
    ctx.addIssue({
      code: 'custom',
      message:
        'a hop count (1 for one proxy) or a comma list of proxy addresses, subnets, loopback, linklocal or uniquelocal',
    })
    return z.NEVER
  })

/** A comma list of web origins (`https://ioc.example.vn`, `http://localhost:5173`), no path. */
export const originList = z
  .string()
  .optional()
  .transform((raw, ctx): string[] => {
    const items = (raw ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
    const bad = items.filter((item) => URL.parse(item)?.origin !== item)
    if (bad.length === 0) return items
    ctx.addIssue({
      code: 'custom',
      message: `origins like https://ioc.example.vn (scheme, host, optional port, no path), comma separated; not ${bad.join(', ')}`,
    })
    return z.NEVER
  })
