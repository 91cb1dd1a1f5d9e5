import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AlertEvent } from '@ioc/contracts'
import { formatDateTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { consoleNs } from '../i18n.js'

/** The alert's comments, oldest first as a conversation reads, and a box to add one when allowed. */
export function Comments({
  events,
  onComment,
  sending,
}: {
  events: readonly AlertEvent[]
  /** Null when the user may not comment (the reason is in the action bar). */
  onComment: ((text: string) => void) | null
  sending: boolean
}) {
  const { t } = useTranslation(consoleNs)
  const { locale } = useLocale()
  const [text, setText] = useState('')
  const comments = events.filter((e) => e.action === 'commented' && typeof e.detail.text === 'string')
  const send = () => {
    if (!onComment || text.trim() === '') return
    onComment(text.trim())
    setText('')
  }
  return (
    <div className="console-comments" data-testid="alert-comments">
      {comments.length === 0 ? (
        <p className="console-muted">{t('details.noComments')}</p>
      ) : (
        <ul className="console-comments__list">
          {comments.map((c) => (
            <li key={c.seq} className="console-comments__item">
              <span className="console-comments__who">
                {c.actor} · {formatDateTime(locale, c.at)}
              </span>
              <span className="console-comments__text">{String(c.detail.text)}</span>
            </li>
          ))}
        </ul>
      )}
      {onComment && (
        <form
          className="console-comments__form"
          onSubmit={(e) => {
            e.preventDefault()
            send()
          }}
        >
          <textarea
            className="console-input console-form__text"
            rows={2}
            maxLength={2000}
            value={text}
            placeholder={t('details.addComment')}
            aria-label={t('details.addComment')}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault()
                send()
              }
            }}
          />
          <button type="submit" className="console-button" disabled={sending || text.trim() === ''}>
            {t('actions.send')}
          </button>
        </form>
      )}
    </div>
  )
}
