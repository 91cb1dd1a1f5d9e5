import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { registerSW } from 'virtual:pwa-register'
import { App } from './App.js'
import './i18n/i18n.js'
import { createQueryClient } from './shell/api/query-client.js'
import { createBrowserServices } from './shell/create-services.js'
import './styles.css'

// The service worker (pwa.ts): /kpi opens with no network; a new build takes over by itself.
registerSW({ immediate: true })

const services = createBrowserServices()
const queryClient = createQueryClient()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={services} queryClient={queryClient} />
  </StrictMode>,
)
