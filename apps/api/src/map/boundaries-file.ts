import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { formatZodError, mapBoundariesSchema } from '@ioc/contracts'

/** The boundaries as served: the validated document's JSON and its entity tag. */
export interface BoundariesBody {
  json: string
  etag: string
}

/** Why a configured file cannot be served; the message names the cause, never the server's path. */
export class BoundariesUnreadable extends Error {}

/**
 * The site's GeoJSON file, read and checked once and again only when it changes on disk (its size
 * or modification time), so a wall reloading every few minutes costs a `stat`.
 */
export class BoundariesFile {
  private cached: { key: string; body: BoundariesBody } | null = null

  constructor(readonly path: string) {}

  async read(): Promise<BoundariesBody> {
    const info = await stat(this.path).catch((err: NodeJS.ErrnoException) => {
      throw new BoundariesUnreadable(`the boundaries file cannot be read (${err.code ?? err.message})`)
    })
    const key = `${info.size}:${info.mtimeMs}`
    if (this.cached?.key === key) return this.cached.body
    const text = await readFile(this.path, 'utf8')
    let document: unknown
    try {
      document = JSON.parse(text)
    } catch (err) {
      throw new BoundariesUnreadable(`the boundaries file is not JSON (${(err as Error).message})`)
    }
    const parsed = mapBoundariesSchema.safeParse(document)
    if (!parsed.success)
      throw new BoundariesUnreadable(
        `the boundaries file is not a GeoJSON FeatureCollection of named polygons: ${formatZodError(parsed.error).message}`,
      )
    const json = JSON.stringify(parsed.data)
    const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`
    this.cached = { key, body: { json, etag } }
    return this.cached.body
  }
}
