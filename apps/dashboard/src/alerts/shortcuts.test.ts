import { describe, expect, it } from 'vitest'
import { commandFor, commands, shortcuts, type KeyInput } from './shortcuts.js'

const press = (
  key: string,
  target: KeyInput['target'] = { tagName: 'DIV' },
  mods: Partial<KeyInput> = {},
): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target,
  ...mods,
})

describe('shortcuts', () => {
  it('gives every command a key, and no key two commands', () => {
    expect(new Set(shortcuts.map((s) => s.command))).toEqual(new Set(commands))
    const keys = shortcuts.flatMap((s) => s.keys)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('maps keys to commands, upper case as lower', () => {
    expect(commandFor(press('a'), { acts: true })).toBe('ack')
    expect(commandFor(press('A'), { acts: true })).toBe('ack')
    expect(commandFor(press('j'), { acts: true })).toBe('next')
    expect(commandFor(press('ArrowUp'), { acts: true })).toBe('previous')
    expect(commandFor(press('?'), { acts: true })).toBe('help')
    expect(commandFor(press('q'), { acts: true })).toBeNull()
  })

  it('offers no acting key to a role that acts on nothing', () => {
    expect(commandFor(press('a'), { acts: false })).toBeNull()
    expect(commandFor(press('x'), { acts: false })).toBeNull()
    expect(commandFor(press('j'), { acts: false })).toBe('next')
  })

  it('leaves typing, modifiers and buttons alone', () => {
    expect(commandFor(press('a', { tagName: 'INPUT', type: 'search' }), { acts: true })).toBeNull()
    expect(commandFor(press('a', { tagName: 'TEXTAREA' }), { acts: true })).toBeNull()
    expect(commandFor(press('Escape', { tagName: 'INPUT', type: 'search' }), { acts: true })).toBe('escape')
    expect(commandFor(press('a', { tagName: 'INPUT', type: 'checkbox' }), { acts: true })).toBe('ack')
    expect(commandFor(press('a', { tagName: 'DIV' }, { ctrlKey: true }), { acts: true })).toBeNull()
    expect(commandFor(press(' ', { tagName: 'BUTTON' }), { acts: true })).toBeNull()
  })
})
