import { describe, expect, it } from 'vitest'
import {
  boxToModel,
  boxToSource,
  LETTERBOX_PAD_VALUE,
  letterboxGeometry,
  letterboxRgbToTensor,
  VisionError,
  type Box,
  type LetterboxPlacement,
} from './index.js'

describe('letterboxGeometry', () => {
  it('fits the demo media into 416 with the image top-left (YOLOX) or centred (YOLOv8)', () => {
    const wide = letterboxGeometry({ width: 640, height: 360 }, 416, 'top-left')
    expect(wide).toMatchObject({ scale: 0.65, resized: { width: 416, height: 234 }, padX: 0, padY: 0 })
    expect(letterboxGeometry({ width: 640, height: 360 }, 416, 'center')).toMatchObject({ padX: 0, padY: 91 })
    expect(letterboxGeometry({ width: 800, height: 450 }, 416, 'center')).toMatchObject({
      resized: { width: 416, height: 234 },
      padY: 91,
    })
    expect(letterboxGeometry({ width: 768, height: 576 }, 416, 'center')).toMatchObject({
      resized: { width: 416, height: 312 },
      padX: 0,
      padY: 52,
    })
  })

  it('handles portrait, square, non-square models and odd padding', () => {
    expect(letterboxGeometry({ width: 360, height: 640 }, 416, 'center')).toMatchObject({
      resized: { width: 234, height: 416 },
      padX: 91,
      padY: 0,
    })
    expect(letterboxGeometry({ width: 1000, height: 1000 }, 640, 'center')).toMatchObject({
      scale: 0.64,
      resized: { width: 640, height: 640 },
      padX: 0,
      padY: 0,
    })
    expect(
      letterboxGeometry({ width: 1280, height: 720 }, { width: 640, height: 384 }, 'center'),
    ).toMatchObject({
      scale: 0.5,
      resized: { width: 640, height: 360 },
      padY: 12,
    })
    // 361 * 0.65 = 234.65 -> 235 rows, 181 rows of padding: 90 above, 91 below.
    expect(letterboxGeometry({ width: 640, height: 361 }, 416, 'center')).toMatchObject({
      resized: { width: 416, height: 235 },
      padY: 90,
    })
  })

  it('rejects sizes that are not positive whole pixels', () => {
    expect(() => letterboxGeometry({ width: 0, height: 10 }, 416, 'center')).toThrow(VisionError)
    expect(() => letterboxGeometry({ width: 10, height: 10 }, 41.5, 'center')).toThrow(/model size/)
  })
})

describe('boxToSource / boxToModel', () => {
  const cases: { name: string; source: { width: number; height: number }; box: Box }[] = [
    { name: 'portrait', source: { width: 624, height: 832 }, box: [100, 200, 300, 400] },
    { name: 'square', source: { width: 1664, height: 1664 }, box: [100, 200, 300, 400] },
    { name: 'wide', source: { width: 832, height: 468 }, box: [100, 200, 300, 400] },
  ]
  const placements: LetterboxPlacement[] = ['top-left', 'center']

  for (const c of cases) {
    for (const placement of placements) {
      it(`round-trips a ${c.name} box exactly, ${placement}`, () => {
        const g = letterboxGeometry(c.source, 416, placement)
        expect(boxToSource(boxToModel(c.box, g), g)).toEqual(c.box)
      })
    }
  }

  it('maps to the exact model pixels for each placement', () => {
    const portrait = { width: 624, height: 832 }
    expect(boxToModel([100, 200, 300, 400], letterboxGeometry(portrait, 416, 'top-left'))).toEqual([
      50, 100, 150, 200,
    ])
    expect(boxToModel([100, 200, 300, 400], letterboxGeometry(portrait, 416, 'center'))).toEqual([
      102, 100, 202, 200,
    ])
    const wide = letterboxGeometry({ width: 832, height: 468 }, 416, 'center')
    expect(wide.padY).toBe(91)
    expect(boxToModel([100, 200, 300, 400], wide)).toEqual([50, 191, 150, 291])
    expect(boxToSource([50, 191, 150, 291], wide)).toEqual([100, 200, 300, 400])
    const square = letterboxGeometry({ width: 1664, height: 1664 }, 416, 'center')
    expect(boxToModel([100, 200, 300, 400], square)).toEqual([25, 50, 75, 100])
  })

  it('round-trips within float error at a non-binary scale (640x360 into 416)', () => {
    for (const placement of placements) {
      const g = letterboxGeometry({ width: 640, height: 360 }, 416, placement)
      const back = boxToSource(boxToModel([12.5, 33, 600, 359], g), g)
      ;[12.5, 33, 600, 359].forEach((v, i) => expect(back[i]).toBeCloseTo(v, 9))
    }
  })

  it('clamps boxes reaching into the padding to the image', () => {
    const g = letterboxGeometry({ width: 832, height: 468 }, 416, 'center')
    expect(boxToSource([-10, 0, 500, 416], g)).toEqual([0, 0, 832, 468])
    expect(boxToSource([50, 80, 150, 191], g)).toEqual([100, 0, 300, 200])
  })
})

describe('letterboxRgbToTensor', () => {
  // A 2x1 RGB image: left pixel (R 0, G 10, B 20), right pixel (R 200, G 110, B 40).
  const pixels = Uint8Array.from([0, 10, 20, 200, 110, 40])
  const P = LETTERBOX_PAD_VALUE
  const plane = (row: number[], rows: ('img' | 'pad')[]) =>
    rows.flatMap((r) => (r === 'img' ? row : [P, P, P, P]))

  it('resizes bilinearly (half-pixel centres, edge replicated), pads with 114, planes in BGR', () => {
    const g = letterboxGeometry({ width: 2, height: 1 }, 4, 'top-left')
    expect(g.resized).toEqual({ width: 4, height: 2 })
    const t = letterboxRgbToTensor(pixels, g, { channelOrder: 'bgr', normalize: false })
    const rows: ('img' | 'pad')[] = ['img', 'img', 'pad', 'pad']
    expect(Array.from(t)).toEqual([
      ...plane([20, 25, 35, 40], rows),
      ...plane([10, 35, 85, 110], rows),
      ...plane([0, 50, 150, 200], rows),
    ])
  })

  it('centres the image and keeps RGB planes for YOLOv8, normalised to 0..1', () => {
    const g = letterboxGeometry({ width: 2, height: 1 }, 4, 'center')
    expect(g.padY).toBe(1)
    const t = letterboxRgbToTensor(pixels, g, { channelOrder: 'rgb', normalize: true })
    const rows: ('img' | 'pad')[] = ['pad', 'img', 'img', 'pad']
    const expected = [
      ...plane([0, 50, 150, 200], rows),
      ...plane([10, 35, 85, 110], rows),
      ...plane([20, 25, 35, 40], rows),
    ].map((v) => Math.fround(v / 255))
    expect(Array.from(t)).toEqual(expected)
  })

  it('reads BGR input, samples nearest when asked, and reuses the output buffer', () => {
    const bgr = Uint8Array.from([20, 10, 0, 40, 110, 200])
    const g = letterboxGeometry({ width: 2, height: 1 }, 4, 'top-left')
    const out = new Float32Array(48)
    const t = letterboxRgbToTensor(bgr, g, {
      channelOrder: 'rgb',
      normalize: false,
      pixelOrder: 'bgr',
      interpolation: 'nearest',
      out,
    })
    expect(t).toBe(out)
    const rows: ('img' | 'pad')[] = ['img', 'img', 'pad', 'pad']
    expect(Array.from(t)).toEqual([
      ...plane([0, 0, 200, 200], rows),
      ...plane([10, 10, 110, 110], rows),
      ...plane([20, 20, 40, 40], rows),
    ])
  })

  it('shrinks by averaging the two nearest pixels at half-pixel centres', () => {
    // 4x1 grey ramp 0, 100, 200, 255 into 2x2 (scale 0.5): samples at 0.5 and 2.5.
    const ramp = Uint8Array.from([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255])
    const g = letterboxGeometry({ width: 4, height: 1 }, 2, 'top-left')
    expect(g.resized).toEqual({ width: 2, height: 1 })
    const t = letterboxRgbToTensor(ramp, g, { channelOrder: 'rgb', normalize: false })
    expect(Array.from(t.subarray(0, 4))).toEqual([50, 227.5, P, P])
  })

  it('copies a frame that already fits the model (scaled by the decoder) into the planes unchanged', () => {
    // 2x1 into a 2x2 model: resized equals the source, so values are copied, pad below.
    const g = letterboxGeometry({ width: 2, height: 1 }, 2, 'center')
    expect(g.resized).toEqual({ width: 2, height: 1 })
    expect(g.padY).toBe(0)
    const t = letterboxRgbToTensor(pixels, g, { channelOrder: 'bgr', normalize: false })
    expect(Array.from(t)).toEqual([20, 40, P, P, 10, 110, P, P, 0, 200, P, P])
    const wide = letterboxGeometry({ width: 2, height: 1 }, { width: 2, height: 3 }, 'center')
    const n = letterboxRgbToTensor(pixels, wide, { channelOrder: 'rgb', normalize: true })
    expect(Array.from(n)).toEqual(
      [P, P, 0, 200, P, P, P, P, 10, 110, P, P, P, P, 20, 40, P, P].map((v) => Math.fround(v / 255)),
    )
  })

  it('rejects pixel buffers or output buffers of the wrong size', () => {
    const g = letterboxGeometry({ width: 2, height: 1 }, 4, 'top-left')
    expect(() =>
      letterboxRgbToTensor(new Uint8Array(5), g, { channelOrder: 'rgb', normalize: false }),
    ).toThrow(expect.objectContaining({ code: 'PIXELS_SHAPE' }))
    expect(() =>
      letterboxRgbToTensor(pixels, g, { channelOrder: 'rgb', normalize: false, out: new Float32Array(3) }),
    ).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }))
  })
})
