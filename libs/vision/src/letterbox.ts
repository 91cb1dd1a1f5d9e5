import { VisionError } from './errors.js'
import type { Box, Size } from './types.js'

/**
 * Where the resized image sits inside the model input. YOLOX was trained with the image in the
 * top-left corner and padding right/bottom; Ultralytics YOLOv8/11 centre it. Using the other
 * placement than the model was trained with costs accuracy near the padded edges.
 */
export type LetterboxPlacement = 'top-left' | 'center'

/** Grey padding both YOLOX and Ultralytics train with; any other value shows the model an unseen border. */
export const LETTERBOX_PAD_VALUE = 114

export interface LetterboxGeometry {
  source: Size
  model: Size
  placement: LetterboxPlacement
  /** Nominal ratio min(model / source): the aspect ratio is kept, nothing is cropped. */
  scale: number
  /** Size of the image inside the model input, whole pixels. */
  resized: Size
  /** Left and top offset of the image inside the model input, whole pixels. */
  padX: number
  padY: number
}

/**
 * Geometry of fitting a source frame into the model input.
 *
 * The resized size is rounded to whole pixels, so the exact per-axis factors are
 * `resized / source` rather than `scale`; the mappings below use those per-axis factors, which is
 * what the resize really does (the difference to `scale` is below a pixel, but it is free to be exact).
 * A centred image with an odd amount of padding puts the extra pixel on the right/bottom, as
 * Ultralytics does.
 */
export function letterboxGeometry(
  source: Size,
  model: number | Size,
  placement: LetterboxPlacement,
): LetterboxGeometry {
  const dst = typeof model === 'number' ? { width: model, height: model } : model
  for (const [what, s] of [
    ['source', source],
    ['model', dst],
  ] as const) {
    if (!(Number.isInteger(s.width) && Number.isInteger(s.height) && s.width > 0 && s.height > 0)) {
      throw new VisionError(
        'BAD_SIZE',
        `${what} size must be positive whole pixels, got ${s.width}x${s.height}`,
      )
    }
  }
  const scale = Math.min(dst.width / source.width, dst.height / source.height)
  // Clamped because src * (dst / src) may round a hair above dst; at least 1 so a sliver stays visible.
  const resized = {
    width: Math.min(dst.width, Math.max(1, Math.round(source.width * scale))),
    height: Math.min(dst.height, Math.max(1, Math.round(source.height * scale))),
  }
  const centred = placement === 'center'
  return {
    source: { width: source.width, height: source.height },
    model: { width: dst.width, height: dst.height },
    placement,
    scale,
    resized,
    padX: centred ? Math.floor((dst.width - resized.width) / 2) : 0,
    padY: centred ? Math.floor((dst.height - resized.height) / 2) : 0,
  }
}

/** Maps a box from source pixels into model-input pixels (not clamped). */
export function boxToModel(box: Box, g: LetterboxGeometry): Box {
  const sx = g.resized.width / g.source.width
  const sy = g.resized.height / g.source.height
  return [box[0] * sx + g.padX, box[1] * sy + g.padY, box[2] * sx + g.padX, box[3] * sy + g.padY]
}

/**
 * Maps a box the model returned (model-input pixels) back to source pixels, clamped to the image:
 * a box reaching into the padding would otherwise point outside the frame, and zones, lines and
 * the JSON output all assume coordinates inside it.
 */
export function boxToSource(box: Box, g: LetterboxGeometry): Box {
  const sx = g.resized.width / g.source.width
  const sy = g.resized.height / g.source.height
  const cx = (v: number) => Math.min(g.source.width, Math.max(0, (v - g.padX) / sx))
  const cy = (v: number) => Math.min(g.source.height, Math.max(0, (v - g.padY) / sy))
  return [cx(box[0]), cy(box[1]), cx(box[2]), cy(box[3])]
}

export interface LetterboxTensorOptions {
  /** Plane order the model expects: YOLOX (OpenCV-trained) wants 'bgr', Ultralytics wants 'rgb'. */
  channelOrder: 'bgr' | 'rgb'
  /** Divide by 255 (Ultralytics) or keep 0..255 (YOLOX). */
  normalize: boolean
  /** Interleaved order of `pixels`; ffmpeg's `-pix_fmt rgb24` gives 'rgb' (the default). */
  pixelOrder?: 'rgb' | 'bgr'
  /**
   * 'bilinear' (default) samples like OpenCV's INTER_LINEAR with half-pixel centres, which is
   * what both YOLOX and Ultralytics resize with, so the model sees what it was trained on.
   * 'nearest' takes the source pixel under each output pixel centre: cheaper, blockier.
   * Neither anti-aliases when shrinking (neither does OpenCV's INTER_LINEAR).
   */
  interpolation?: 'bilinear' | 'nearest'
  /** Reused output buffer of 3 x model.height x model.width, to spare an allocation per frame. */
  out?: Float32Array
}

/**
 * Letterboxes interleaved 8-bit pixels (source size from the geometry) into a CHW float tensor
 * 1 x 3 x H x W for the model. Values stay unrounded floats (OpenCV would round to uint8 after
 * the resize; the difference is below one grey level).
 */
export function letterboxRgbToTensor(
  pixels: Uint8Array,
  g: LetterboxGeometry,
  options: LetterboxTensorOptions,
): Float32Array {
  const { width: sw, height: sh } = g.source
  const { width: mw, height: mh } = g.model
  const { width: rw, height: rh } = g.resized
  if (pixels.length !== sw * sh * 3) {
    throw new VisionError(
      'PIXELS_SHAPE',
      `expected ${sw}x${sh}x3 = ${sw * sh * 3} bytes, got ${pixels.length}`,
    )
  }
  const plane = mw * mh
  const out = options.out ?? new Float32Array(3 * plane)
  if (out.length !== 3 * plane) {
    throw new VisionError(
      'BAD_OPTION',
      `out buffer must hold 3x${mh}x${mw} = ${3 * plane} floats, got ${out.length}`,
    )
  }
  const div = options.normalize ? 255 : 1
  out.fill(LETTERBOX_PAD_VALUE / div)

  // Tensor plane k is read from interleaved channel src[k].
  const swap = (options.pixelOrder ?? 'rgb') !== options.channelOrder
  const c0 = swap ? 2 : 0
  const c2 = swap ? 0 : 2
  // A frame the decoder already scaled to fit (ffmpeg's scale filter, the cheap place to resize)
  // needs no sampling: every weight would be 1 on one pixel. Copying is ~10x faster than the
  // bilinear loop, and that loop is a large share of a frame's cost next to a 20 ms inference.
  if (rw === sw && rh === sh) {
    copyIntoPlanes(pixels, out, sw, sh, mw, g.padX, g.padY, plane, c0, c2, div)
    return out
  }
  const axis = options.interpolation === 'nearest' ? nearestAxis : bilinearAxis
  const xs = axis(sw, rw)
  const ys = axis(sh, rh)

  for (let dy = 0; dy < rh; dy++) {
    const row0 = ys.i0[dy]! * sw
    const row1 = ys.i1[dy]! * sw
    const fy = ys.f[dy]!
    const o = (g.padY + dy) * mw + g.padX
    for (let dx = 0; dx < rw; dx++) {
      const x0 = xs.i0[dx]!
      const x1 = xs.i1[dx]!
      const fx = xs.f[dx]!
      const p00 = (row0 + x0) * 3
      const p01 = (row0 + x1) * 3
      const p10 = (row1 + x0) * 3
      const p11 = (row1 + x1) * 3
      const w00 = (1 - fx) * (1 - fy)
      const w01 = fx * (1 - fy)
      const w10 = (1 - fx) * fy
      const w11 = fx * fy
      // Written out per plane rather than through a helper: this loop runs 173k times a frame.
      out[o + dx] =
        (pixels[p00 + c0]! * w00 +
          pixels[p01 + c0]! * w01 +
          pixels[p10 + c0]! * w10 +
          pixels[p11 + c0]! * w11) /
        div
      out[plane + o + dx] =
        (pixels[p00 + 1]! * w00 + pixels[p01 + 1]! * w01 + pixels[p10 + 1]! * w10 + pixels[p11 + 1]! * w11) /
        div
      out[2 * plane + o + dx] =
        (pixels[p00 + c2]! * w00 +
          pixels[p01 + c2]! * w01 +
          pixels[p10 + c2]! * w10 +
          pixels[p11 + c2]! * w11) /
        div
    }
  }
  return out
}

function copyIntoPlanes(
  pixels: Uint8Array,
  out: Float32Array,
  sw: number,
  sh: number,
  mw: number,
  padX: number,
  padY: number,
  plane: number,
  c0: number,
  c2: number,
  div: number,
): void {
  // A table of the 256 possible values: the same floats as `v / div`, without a division a sample.
  const lut = new Float32Array(256)
  for (let v = 0; v < 256; v++) lut[v] = v / div
  const p0 = out.subarray(0, plane)
  const p1 = out.subarray(plane, 2 * plane)
  const p2 = out.subarray(2 * plane, 3 * plane)
  for (let y = 0; y < sh; y++) {
    let p = y * sw * 3
    const o = (padY + y) * mw + padX
    const end = o + sw
    for (let i = o; i < end; i++, p += 3) {
      p0[i] = lut[pixels[p + c0]!]!
      p1[i] = lut[pixels[p + 1]!]!
      p2[i] = lut[pixels[p + c2]!]!
    }
  }
}

interface AxisSamples {
  i0: Int32Array
  i1: Int32Array
  f: Float64Array
}

/** Source index pair and weight per output index, computed once per axis instead of per pixel. */
function bilinearAxis(src: number, dst: number): AxisSamples {
  const s = { i0: new Int32Array(dst), i1: new Int32Array(dst), f: new Float64Array(dst) }
  const ratio = src / dst
  for (let d = 0; d < dst; d++) {
    // Half-pixel centres, clamped at the borders (OpenCV replicates the edge pixel).
    const pos = Math.min(src - 1, Math.max(0, (d + 0.5) * ratio - 0.5))
    const i0 = Math.floor(pos)
    s.i0[d] = i0
    s.i1[d] = Math.min(i0 + 1, src - 1)
    s.f[d] = pos - i0
  }
  return s
}

function nearestAxis(src: number, dst: number): AxisSamples {
  const s = { i0: new Int32Array(dst), i1: new Int32Array(dst), f: new Float64Array(dst) }
  const ratio = src / dst
  for (let d = 0; d < dst; d++) {
    const i = Math.min(src - 1, Math.floor((d + 0.5) * ratio))
    s.i0[d] = i
    s.i1[d] = i
  }
  return s
}
