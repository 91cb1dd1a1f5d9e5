import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { libAliases } from '../../vitest.shared.js'
import { pwa } from './pwa.js'

// In development the api runs beside Vite; the dashboard calls it on the same origin through this proxy.
const api = process.env.IOC_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`

const outDir = fileURLToPath(new URL('dist', import.meta.url))

export default defineConfig({
  plugins: [react(), pwa(outDir)],
  resolve: { alias: { '@ioc/contracts': libAliases['@ioc/contracts'] } },
  server: {
    port: Number(process.env.IOC_DASHBOARD_PORT ?? 5173),
    strictPort: true,
    host: '127.0.0.1',
    proxy: {
      // ws: the wall's live video is a WebSocket upgrade of /api/cameras/{id}/live.flv
      '/api': { target: api, changeOrigin: false, ws: true },
      '/socket.io': { target: api, ws: true },
    },
  },
  // manifest: which chunks the KPI screen needs offline (pwa.ts)
  build: { outDir, sourcemap: true, manifest: true },
})
