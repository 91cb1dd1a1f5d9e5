import { useLocale } from './i18n/use-locale.js'
import { StatusPanel } from './status/StatusPanel.js'
import { useHealth } from './status/use-health.js'

export function App() {
  const { t, toggle } = useLocale()
  const health = useHealth()
  return (
    <div className="app">
      <header className="topbar">
        <h1>
          {t.appTitle} <span className="muted">· {t.site}</span>
        </h1>
        <button type="button" onClick={toggle} className="lang">
          {t.language}
        </button>
      </header>
      <main>
        <StatusPanel state={health} t={t} />
      </main>
    </div>
  )
}
