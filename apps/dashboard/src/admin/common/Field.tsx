import type { ReactNode } from 'react'

/** A labelled input with the sentence that explains it. */
export function Field({ label, help, children }: { label: string; help?: string; children: ReactNode }) {
  return (
    <label className="admin-field">
      <span className="admin-field-label">{label}</span>
      {children}
      {help && <small>{help}</small>}
    </label>
  )
}
