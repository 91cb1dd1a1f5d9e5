import { useEffect, useRef } from 'react'
import { commandFor, type Command } from './shortcuts.js'

/**
 * The console's keys, on the whole page: `run` gets each command (shortcuts.ts) as it is pressed.
 * Typing in a field is never a command, and a dialog that is open handles its own keys.
 */
export function useConsoleKeys(run: (command: Command) => void, { acts }: { acts: boolean }): void {
  const latest = useRef(run)
  latest.current = run
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return
      const target = e.target instanceof HTMLElement ? e.target : null
      if (target?.closest('[role="dialog"]')) return
      const command = commandFor(
        {
          key: e.key,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          target: target
            ? {
                tagName: target.tagName,
                type: (target as HTMLInputElement).type,
                isContentEditable: target.isContentEditable,
              }
            : null,
        },
        { acts },
      )
      if (!command) return
      e.preventDefault()
      latest.current(command)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [acts])
}
