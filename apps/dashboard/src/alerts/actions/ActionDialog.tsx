import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A modal of the console: focus goes in, Escape closes it, its keys never reach the console's own
 * shortcuts (use-console-keys skips what happens inside a dialog).
 */
export function ActionDialog({
  title,
  onClose,
  children,
  testId,
}: {
  title: string
  onClose: () => void
  children: ReactNode
  testId: string
}) {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('textarea, input, button')
    first?.focus()
  }, [])
  return (
    <div className="console-overlay" onClick={onClose}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        className="console-dialog"
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            onClose()
          }
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  )
}
