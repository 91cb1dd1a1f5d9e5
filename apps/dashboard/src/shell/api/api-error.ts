import { errorBodySchema, type ErrorBody } from '@ioc/contracts'

/** The api answered with an error: its one error body, typed, plus the HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    /** From `Retry-After` (429 on login, 503 while the api starts), in seconds. */
    readonly retryAfterS: number | null = null,
  ) {
    super(body.message)
  }
  get code(): string {
    return this.body.code
  }
}

/** The api answered 2xx, but not in the shape its contract says: a bug on one side, never cast away. */
export class ResponseShapeError extends Error {
  override readonly name = 'ResponseShapeError'
  constructor(
    readonly path: string,
    readonly body: ErrorBody,
  ) {
    super(`${path}: ${body.message}`)
  }
}

/** No answer at all (network down, api restarting): worth retrying, unlike the two above. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError'
}

// Proxies and a restarting api answer 502/503 with HTML or nothing: still a typed error.
const fallbackCode = (status: number) =>
  status === 401 ? 'unauthorized' : status >= 500 ? 'service_unavailable' : `http_${status}`

export async function apiErrorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '')
  let json: unknown = null
  try {
    json = text === '' ? null : JSON.parse(text)
  } catch {
    // not JSON: described below by status
  }
  const parsed = errorBodySchema.safeParse(json)
  const body: ErrorBody = parsed.success
    ? parsed.data
    : { code: fallbackCode(res.status), message: `${res.status} ${res.statusText}`.trim() }
  const retry = Number(res.headers.get('retry-after'))
  return new ApiError(res.status, body, Number.isFinite(retry) && retry > 0 ? retry : null)
}

/** Whether trying again later may succeed (the query cache and the session both ask). */
export function isTransient(err: unknown): boolean {
  if (err instanceof NetworkError) return true
  if (err instanceof ApiError) return err.status >= 500 || err.status === 408 || err.status === 429
  return false
}
