import { useEffect, useState } from 'react'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'

/** Province time, to the second: a frozen clock on a wall is the first sign of a hung page. */
export function Clock() {
  const { locale } = useLocale()
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000)
    return () => clearInterval(timer)
  }, [])
  const part = (options: Intl.DateTimeFormatOptions) => formatDateTime(locale, now, options)
  return (
    <time className="shell-clock" dateTime={now.toISOString()} data-testid="clock">
      {/* time first in the reading order, the date may give way on a portrait tablet (shell.css) */}
      {part({ hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })}
      <span className="shell-clock-date">
        {' '}
        {part({ weekday: 'short', day: '2-digit', month: '2-digit' })}
      </span>
    </time>
  )
}
