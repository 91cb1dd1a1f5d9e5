import { formatZodError } from '@ioc/contracts'
import { ApiError, apiErrorOf, NetworkError, ResponseShapeError } from './api-error.js'

/** What the client needs of a schema of libs/contracts (a zod schema); the dashboard imports no zod. */
export interface Schema<T> {
  safeParse(
    data: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof formatZodError>[0] }
}

/** Where the client gets its token, and what it does when the api says the token is no good. */
export interface ClientAuth {
  /** A valid access token (refreshed first when about to expire), or null when signed out. */
  token(): Promise<string | null>
  /** Called on a 401: a fresh token to retry with once, or null (the session shows its overlay). */
  renew(rejected: string): Promise<string | null>
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | readonly string[] | undefined>
  body?: unknown
  /** A body sent as it is (a CSV upload) instead of `body` as JSON. */
  text?: { content: string; type: string }
  signal?: AbortSignal
}

export type ApiClient = ReturnType<typeof createApiClient>

/**
 * fetch with the access token; every answer is parsed with its schema from libs/contracts and
 * every failure becomes ApiError (the api's error body), ResponseShapeError or NetworkError.
 */
export function createApiClient(options: { auth?: ClientAuth; fetch?: typeof fetch; baseUrl?: string } = {}) {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const base = options.baseUrl ?? ''

  async function send(method: string, path: string, opts: RequestOptions, token: string | null) {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    if (opts.body !== undefined) headers['content-type'] = 'application/json'
    if (opts.text) headers['content-type'] = opts.text.type
    try {
      return await doFetch(base + withQuery(path, opts.query), {
        method,
        headers,
        body: opts.text ? opts.text.content : opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      })
    } catch (err) {
      if (opts.signal?.aborted) throw err
      throw new NetworkError(`${method} ${path}: ${(err as Error).message}`)
    }
  }

  /** With the token, once more with a renewed one after a 401; a failure is thrown as ApiError. */
  async function authorised(method: string, path: string, opts: RequestOptions) {
    const token = (await options.auth?.token()) ?? null
    let res = await send(method, path, opts, token)
    if (res.status === 401 && token && options.auth) {
      const renewed = await options.auth.renew(token)
      if (renewed) res = await send(method, path, opts, renewed)
    }
    if (!res.ok) throw await apiErrorOf(res)
    return res
  }

  async function request<T>(method: string, path: string, schema: Schema<T>, opts: RequestOptions = {}) {
    const res = await authorised(method, path, opts)
    let json: unknown
    try {
      json = res.status === 204 ? undefined : await res.json()
    } catch (err) {
      if (opts.signal?.aborted) throw err
      // Only a SyntaxError is the answer's fault; any other failure is its body cut on the way
      // (Wi-Fi gone mid-answer): a network failure, retried, not a wrong answer kept as an error.
      if (!(err instanceof SyntaxError))
        throw new NetworkError(`${method} ${path}: ${(err as Error).message}`)
      throw new ResponseShapeError(path, { code: 'invalid_json', message: err.message })
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success) throw new ResponseShapeError(path, formatZodError(parsed.error))
    return parsed.data
  }

  /** For answers whose body carries nothing the caller uses (logout: 204 or an empty object). */
  async function postForStatus(path: string, body: unknown, opts: Omit<RequestOptions, 'body'> = {}) {
    const res = await send('POST', path, { ...opts, body }, (await options.auth?.token()) ?? null)
    if (!res.ok) throw await apiErrorOf(res)
  }

  /** An answer that is a file (a report's CSV): its text, with the same token and error handling. */
  async function getText(path: string, opts: Omit<RequestOptions, 'body'> = {}) {
    return (await authorised('GET', path, opts)).text()
  }

  /** A file to save as it came, byte for byte (text() would drop a CSV's BOM, which Excel needs). */
  async function getFile(path: string, opts: Omit<RequestOptions, 'body'> = {}) {
    return (await authorised('GET', path, opts)).blob()
  }

  return {
    request,
    postForStatus,
    getText,
    getFile,
    get: <T>(path: string, schema: Schema<T>, opts?: Omit<RequestOptions, 'body'>) =>
      request('GET', path, schema, opts),
    post: <T>(path: string, body: unknown, schema: Schema<T>, opts?: Omit<RequestOptions, 'body'>) =>
      request('POST', path, schema, { ...opts, body }),
  }
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue
    params.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  const qs = params.toString()
  return qs === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${qs}`
}

export { ApiError }
