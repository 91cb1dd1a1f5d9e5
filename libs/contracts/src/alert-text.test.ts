import { describe, expect, it } from 'vitest'
import { bilingualText, textIn } from './alert-text.js'

describe('bilingual alert text', () => {
  it('gives each reader the line of their language', () => {
    const text = bilingualText('Lưu lượng xe = 600 (ngưỡng > 500)', 'Vehicle count = 600 (threshold > 500)')
    expect(textIn(text, 'vi')).toBe('Lưu lượng xe = 600 (ngưỡng > 500)')
    expect(textIn(text, 'en')).toBe('Vehicle count = 600 (threshold > 500)')
  })

  it('shows a text of another shape as it is, and keeps a line break inside one language out', () => {
    expect(textIn('Cửa bị mở', 'en')).toBe('Cửa bị mở')
    expect(textIn('a\nb\nc', 'vi')).toBe('a\nb\nc')
    expect(textIn(bilingualText('hai\ndòng', 'two\nlines'), 'en')).toBe('two lines')
  })
})
