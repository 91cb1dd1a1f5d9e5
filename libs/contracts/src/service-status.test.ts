import { describe, expect, it } from 'vitest'
import { PIPELINE_DETAIL_MAX, pipelineDetail, pipelineStatusSchema } from './service-status.js'

describe('pipeline status detail', () => {
  it('is cut to the limit, so a long list of failing cameras never makes the whole heartbeat invalid', () => {
    const long = Array.from(
      { length: 12 },
      (_, i) => `cam-${i}: model file /data/models/yolox_nano.onnx is missing`,
    ).join(', ')
    expect(long.length).toBeGreaterThan(PIPELINE_DETAIL_MAX)
    expect(pipelineStatusSchema.safeParse({ ok: false, detail: long }).success).toBe(false)
    const cut = pipelineDetail(long)
    expect(cut).toHaveLength(PIPELINE_DETAIL_MAX)
    expect(cut.endsWith('…')).toBe(true)
    expect(pipelineStatusSchema.safeParse({ ok: false, detail: cut }).success).toBe(true)
    expect(pipelineDetail('2 cameras')).toBe('2 cameras')
  })
})
