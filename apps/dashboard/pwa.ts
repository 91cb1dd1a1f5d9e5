import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { VitePWA } from 'vite-plugin-pwa'

// The chunks a tablet needs to open /kpi with no network: the entry (shell, router, i18n, session)
// and the KPI screen with what it imports. The wall's map and video chunks are not precached: a
// KPI tablet never downloads them, and a wall, always online, loads them from the api as before.
const offlineEntries = ['index.html', 'src/kpi/KpiPage.tsx']

interface ManifestChunk {
  file: string
  css?: string[]
  imports?: string[]
}

/** The files of `entries` and of every chunk they import statically, from Vite's build manifest. */
export function offlineFiles(manifest: Record<string, ManifestChunk>, entries = offlineEntries): Set<string> {
  const files = new Set<string>()
  const seen = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || seen.has(key)) return
    seen.add(key)
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const dep of chunk.imports ?? []) visit(dep)
  }
  for (const entry of entries) {
    if (!manifest[entry])
      throw new Error(`the build manifest has no ${entry}: the offline KPI screen would miss it`)
    visit(entry)
  }
  return files
}

/**
 * Installable app and service worker (Workbox, generated at build). It precaches the app shell
 * and the KPI screen's chunks, so that /kpi reloads with no network and shows the offline copy of
 * the figures (localStorage, kpi/state). It caches no api answer, no socket, no live video: every
 * /api and /socket.io request goes to the network as without it. A new build takes over at once
 * (autoUpdate): open screens reload once when its worker activates.
 */
export function pwa(outDir: string) {
  return VitePWA({
    registerType: 'autoUpdate',
    injectRegister: false, // main.tsx registers it (virtual:pwa-register)
    manifest: {
      name: 'IOC · Trung tâm điều hành thông minh',
      short_name: 'IOC',
      description: 'Trung tâm điều hành thông minh — Intelligent Operations Center',
      lang: 'vi',
      start_url: '/kpi',
      scope: '/',
      display: 'standalone',
      background_color: '#0b1a2b',
      theme_color: '#0b3d6e',
      icons: [
        { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,png,svg}'],
      navigateFallback: 'index.html',
      // the api's own pages (docs) and everything it answers are never the app's page
      navigateFallbackDenylist: [/^\/api(?:\/|$)/, /^\/socket\.io(?:\/|$)/],
      runtimeCaching: [],
      cleanupOutdatedCaches: true,
      // the first load is controlled too, so a tablet that opened /kpi once reloads offline
      clientsClaim: true,
      skipWaiting: true,
      manifestTransforms: [
        (entries) => {
          const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<
            string,
            ManifestChunk
          >
          const keep = offlineFiles(manifest)
          return { manifest: entries.filter((e) => !e.url.startsWith('assets/') || keep.has(e.url)) }
        },
      ],
    },
  })
}
