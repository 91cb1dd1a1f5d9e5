import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { I18nextProvider } from 'react-i18next'
import { createBrowserRouter, RouterProvider } from 'react-router'
import { i18n } from './i18n/i18n.js'
import { useLocale } from './i18n/use-locale.js'
import { routes } from './shell/routes.js'
import { ServicesProvider, type ShellServices } from './shell/services.js'
import { useSessionSync } from './shell/session/use-session-sync.js'

/** The shell: services, query cache, i18n and the router; the live connection follows the session. */
export function App({ services, queryClient }: { services: ShellServices; queryClient: QueryClient }) {
  const router = useMemo(() => createBrowserRouter(routes), [])
  useSessionSync(services.session)
  useEffect(() => {
    services.live.start()
    // After a reconnection everything the socket may have missed is fetched again.
    const off = services.live.onReconnect(() => void queryClient.invalidateQueries())
    return () => {
      off()
      services.live.stop()
    }
  }, [services, queryClient])
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <ServicesProvider services={services}>
          <HtmlLang />
          <RouterProvider router={router} />
        </ServicesProvider>
      </QueryClientProvider>
    </I18nextProvider>
  )
}

function HtmlLang() {
  useLocale() // keeps <html lang> in step with the language
  return null
}
