import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>
const keyLength = 32

/**
 * Hashes a password (users, MQTT devices) with scrypt and a random salt; the result names its
 * scheme, so a stronger one can be introduced beside it later.
 */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(secret, salt, keyLength)
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Constant-time check of a password against `hashSecret`'s output; false for anything malformed. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), expected.length)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
