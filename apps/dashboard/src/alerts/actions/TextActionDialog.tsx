import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleNs } from '../i18n.js'
import { ActionDialog } from './ActionDialog.js'

/** Comment (text required) or resolve (note optional) on `count` alerts; Ctrl+Enter sends. */
export function TextActionDialog({
  kind,
  count,
  onSend,
  onClose,
}: {
  kind: 'comment' | 'resolve'
  count: number
  onSend: (text: string) => void
  onClose: () => void
}) {
  const { t } = useTranslation(consoleNs)
  const [text, setText] = useState('')
  const required = kind === 'comment'
  const ready = !required || text.trim() !== ''
  const send = () => {
    if (ready) onSend(text.trim())
  }
  const label = kind === 'comment' ? t('actions.commentText') : t('actions.resolveNote')
  return (
    <ActionDialog
      title={kind === 'comment' ? t('actions.commentTitle', { count }) : t('actions.resolveTitle', { count })}
      onClose={onClose}
      testId={`${kind}-dialog`}
    >
      <form
        className="console-form"
        onSubmit={(e) => {
          e.preventDefault()
          send()
        }}
      >
        <label className="console-form__label">
          {label}
          <textarea
            className="console-input console-form__text"
            rows={4}
            maxLength={2000}
            value={text}
            required={required}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault()
                send()
              }
            }}
          />
        </label>
        <p className="console-muted">{t('actions.submitHint')}</p>
        <div className="console-form__buttons">
          <button type="button" className="console-button" onClick={onClose}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="console-button console-button--primary" disabled={!ready}>
            {kind === 'comment' ? t('actions.send') : t('actions.resolve')}
          </button>
        </div>
      </form>
    </ActionDialog>
  )
}
