import { join, relative, sep } from 'node:path'
import express, { type RequestHandler } from 'express'

// The api's own paths: never answered with a dashboard file, whatever the build holds.
const apiPath = /^\/(?:api|socket\.io)(?:\/|$)/
const hasExtension = /\/[^/]*\.[^/]*$/

/**
 * The built dashboard (vite build: index.html, hashed files under assets/). Hashed files are
 * cached for a year, since a new build names them anew; everything else, index.html first, is
 * revalidated, so a new build reaches every screen at its next load. A path without a file
 * extension (/login, /wall, /cameras/cam-01, /admin/users, ...) is a route of the single-page
 * app and gets index.html; a missing file stays a 404, not a page that would run as a script.
 */
export function dashboardStatic(dir: string): RequestHandler {
  const files = express.static(dir, {
    index: false,
    setHeaders(res, path) {
      const hashed = relative(dir, path).startsWith(`assets${sep}`)
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  const index = join(dir, 'index.html')
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || apiPath.test(req.path)) return next()
    files(req, res, (err?: unknown) => {
      if (err || hasExtension.test(req.path)) return next()
      res.setHeader('Cache-Control', 'no-cache')
      res.sendFile(index, (sendErr?: Error) => {
        if (sendErr && !res.headersSent) next()
      })
    })
  }
}
