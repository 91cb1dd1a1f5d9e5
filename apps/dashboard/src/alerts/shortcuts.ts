/** What the console's keys do. One table: the key handler reads it and the `?` help lists it. */
export const commands = [
  'next',
  'previous',
  'first',
  'last',
  'toggleSelect',
  'selectAll',
  'escape',
  'ack',
  'assign',
  'assignMe',
  'comment',
  'resolve',
  'refresh',
  'search',
  'help',
] as const
export type Command = (typeof commands)[number]

export interface Shortcut {
  command: Command
  /** KeyboardEvent.key values; the first is the one shown in the help. */
  keys: readonly string[]
  /** The command acts on alerts (not offered to roles that act on none). */
  acts?: boolean
}

// Letters rather than modifiers, as in mail clients: one hand on the keys all shift long. `g` is
// "giao" (assign), `m` is "me".
export const shortcuts: readonly Shortcut[] = [
  { command: 'next', keys: ['j', 'ArrowDown'] },
  { command: 'previous', keys: ['k', 'ArrowUp'] },
  { command: 'first', keys: ['Home'] },
  { command: 'last', keys: ['End'] },
  { command: 'toggleSelect', keys: ['x', ' '], acts: true },
  { command: 'selectAll', keys: ['*'], acts: true },
  { command: 'escape', keys: ['Escape'] },
  { command: 'ack', keys: ['a'], acts: true },
  { command: 'assign', keys: ['g'], acts: true },
  { command: 'assignMe', keys: ['m'], acts: true },
  { command: 'comment', keys: ['c'], acts: true },
  { command: 'resolve', keys: ['r'], acts: true },
  { command: 'refresh', keys: ['.'] },
  { command: 'search', keys: ['/'] },
  { command: 'help', keys: ['?'] },
]

const byKey = new Map(shortcuts.flatMap((s) => s.keys.map((k) => [k, s] as const)))

export interface KeyInput {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** The focused element's tag and type (typing in a field is not a command). */
  target: { tagName: string; type?: string; isContentEditable?: boolean } | null
}

const typingTags = new Set(['INPUT', 'TEXTAREA', 'SELECT'])

/** The command a key press means, or null (modifiers, typing in a field, a key of nothing). */
export function commandFor(input: KeyInput, { acts }: { acts: boolean }): Command | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null
  const tag = input.target?.tagName ?? ''
  const typing =
    input.target?.isContentEditable === true ||
    (typingTags.has(tag) && !(tag === 'INPUT' && input.target?.type === 'checkbox'))
  if (typing) return input.key === 'Escape' ? 'escape' : null
  // Space and Enter on a button press the button
  if (input.key === ' ' && tag === 'BUTTON') return null
  const shortcut =
    byKey.get(input.key.length === 1 ? input.key.toLowerCase() : input.key) ?? byKey.get(input.key)
  if (!shortcut) return null
  if (shortcut.acts && !acts) return null
  return shortcut.command
}
