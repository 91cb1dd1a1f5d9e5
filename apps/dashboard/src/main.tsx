import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import './i18n/i18n.js'
import { createQueryClient } from './shell/api/query-client.js'
import { createBrowserServices } from './shell/create-services.js'
import './styles.css'

const services = createBrowserServices()
const queryClient = createQueryClient()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={services} queryClient={queryClient} />
  </StrictMode>,
)
