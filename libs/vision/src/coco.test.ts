import { describe, expect, it } from 'vitest'
import {
  COCO_LABELS,
  cocoLabel,
  isTrafficClass,
  TRAFFIC_CLASS_IDS,
  TRAFFIC_LABELS,
  TRAFFIC_LABELS_VI,
} from './index.js'

describe('COCO labels', () => {
  it('has the 80 labels in model order', () => {
    expect(COCO_LABELS).toHaveLength(80)
    expect(new Set(COCO_LABELS).size).toBe(80)
    expect([cocoLabel(0), cocoLabel(3), cocoLabel(7), cocoLabel(16), cocoLabel(79)]).toEqual([
      'person',
      'motorcycle',
      'truck',
      'dog',
      'toothbrush',
    ])
    expect(cocoLabel(80)).toBeUndefined()
  })

  it('names the traffic classes by id and in Vietnamese', () => {
    expect([...TRAFFIC_CLASS_IDS]).toEqual([0, 1, 2, 3, 5, 7])
    expect(isTrafficClass(3)).toBe(true)
    expect(isTrafficClass(16)).toBe(false)
    expect(TRAFFIC_LABELS.map((l) => TRAFFIC_LABELS_VI[l])).toEqual([
      'người',
      'xe đạp',
      'ô tô',
      'xe máy',
      'xe buýt',
      'xe tải',
    ])
  })
})
