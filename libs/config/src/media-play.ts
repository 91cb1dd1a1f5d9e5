// Signed play URLs of the ingest's node-media-server: the api signs each upstream request after it
// has authorised the viewer, the ingest checks the signature before a stream plays. Both read the
// secret from IOC_MEDIA_PLAY_SECRET. Publishing has its own secret, which never leaves the ingest.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { z } from 'zod'
import type { IocEnv } from './ioc-env.js'

/** The query parameter that carries the signature: `?sign=<expiry, unix s>-<hex HMAC>`. */
export const mediaPlaySignParam = 'sign'

/** Long enough for the request that carries it; a stream already playing is not cut at expiry. */
export const mediaPlayTtlS = 30

/**
 * Used only when IOC_DEMO is set and no secret is given, so that an api and an ingest started by
 * hand in demo mode still agree (`npm run demo` gives both a random one). Never outside the demo.
 */
export const demoMediaPlaySecret = 'ioc-demo-media-play-secret-for-the-demo-only'

/** The play secret of this process: IOC_MEDIA_PLAY_SECRET, or the demo's in demo mode. */
export function mediaPlaySecret(env: Pick<IocEnv, 'IOC_MEDIA_PLAY_SECRET' | 'IOC_DEMO'>): string {
  if (env.IOC_MEDIA_PLAY_SECRET) return env.IOC_MEDIA_PLAY_SECRET
  if (env.IOC_DEMO) return demoMediaPlaySecret
  // the services' env schemas refuse this case first, with the variable's name
  throw new Error('IOC_MEDIA_PLAY_SECRET is required outside demo mode')
}

/** For a service's env schema (`.superRefine`): the secret must be given unless IOC_DEMO is set. */
export function requireMediaPlaySecret(
  env: Pick<IocEnv, 'IOC_MEDIA_PLAY_SECRET' | 'IOC_DEMO'>,
  ctx: z.RefinementCtx,
): void {
  if (!env.IOC_DEMO && env.IOC_MEDIA_PLAY_SECRET === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['IOC_MEDIA_PLAY_SECRET'],
      message: 'a secret of at least 32 characters, the same for api and ingest (required unless IOC_DEMO=true)',
    })
}

function mac(streamPath: string, expiry: number, secret: string): Buffer {
  return createHmac('sha256', secret).update(`play\n${streamPath}\n${expiry}`).digest()
}

/** The `sign` value that lets one stream path (`/live/<camera id>`) start playing until expiry. */
export function signMediaPlay(
  streamPath: string,
  secret: string,
  ttlS = mediaPlayTtlS,
  nowMs = Date.now(),
): string {
  const expiry = Math.floor(nowMs / 1000) + ttlS
  return `${expiry}-${mac(streamPath, expiry, secret).toString('hex')}`
}

/** Null when `sign` lets `streamPath` play now; otherwise why not (for the media server's log). */
export function checkMediaPlay(
  streamPath: string,
  sign: unknown,
  secret: string,
  nowMs = Date.now(),
): string | null {
  if (typeof sign !== 'string' || sign === '') return 'unsigned'
  const match = /^(\d{1,12})-([0-9a-f]{64})$/.exec(sign)
  if (!match) return 'malformed signature'
  const expiry = Number(match[1])
  const given = Buffer.from(match[2]!, 'hex')
  if (!timingSafeEqual(given, mac(streamPath, expiry, secret))) return 'wrong signature'
  if (expiry * 1000 < nowMs) return 'expired signature'
  return null
}
