import { describe, expect, it } from 'vitest'
import { topicMatches } from './mqtt.service.js'

describe('topicMatches', () => {
  it('matches + as one level and # as the rest', () => {
    expect(topicMatches('ioc/v1/cameras/+/status', 'ioc/v1/cameras/cam-01/status')).toBe(true)
    expect(topicMatches('ioc/v1/cameras/+/status', 'ioc/v1/cameras/cam-01/events')).toBe(false)
    expect(topicMatches('ioc/v1/cameras/+/status', 'ioc/v1/cameras/status')).toBe(false)
    expect(topicMatches('ioc/v1/#', 'ioc/v1/kpis/dti-diem')).toBe(true)
    expect(topicMatches('ioc/v1/live/observations', 'ioc/v1/live/observations/x')).toBe(false)
  })

  it('reads a shared subscription as its filter', () => {
    expect(topicMatches('$share/ioc-api/ioc/v1/kpis/+', 'ioc/v1/kpis/dti-diem')).toBe(true)
    expect(topicMatches('$share/ioc-api/ioc/v1/kpis/+', '$share/ioc-api/ioc/v1/kpis/dti-diem')).toBe(false)
  })
})
