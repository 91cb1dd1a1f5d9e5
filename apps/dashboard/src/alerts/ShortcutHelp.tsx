import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { consoleNs } from './i18n.js'
import { shortcuts } from './shortcuts.js'

const keyNames: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc' }

/** `?`: every shortcut of the console, from the same table the key handler reads. */
export function ShortcutHelp({ acts, onClose }: { acts: boolean; onClose: () => void }) {
  const { t } = useTranslation(consoleNs)
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => close.current?.focus(), [])
  return (
    <div className="console-overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="console-keys-title"
        className="console-dialog console-keys"
        data-testid="shortcut-help"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === '?') {
            e.preventDefault()
            onClose()
          }
        }}
      >
        <h2 id="console-keys-title">{t('keys.title')}</h2>
        <table className="console-keys__table">
          <tbody>
            {shortcuts
              .filter((s) => acts || !s.acts)
              .map((s) => (
                <tr key={s.command} data-command={s.command}>
                  <td>
                    {s.keys.map((k) => (
                      <kbd key={k}>{k === ' ' ? t('keys.space') : (keyNames[k] ?? k)}</kbd>
                    ))}
                  </td>
                  <td>{t(`keys.${s.command}`)}</td>
                </tr>
              ))}
          </tbody>
        </table>
        <button ref={close} type="button" className="console-button" onClick={onClose}>
          {t('keys.close')}
        </button>
      </div>
    </div>
  )
}
