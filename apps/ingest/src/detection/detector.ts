// One model ready to run on raw frames: letterbox -> session.run -> decode -> NMS -> source pixels.
// The CLI, the detection stage and the benchmark all go through this, so they see the same boxes.
import {
  boxToSource,
  COCO_LABELS,
  decodeYolov8,
  decodeYolox,
  letterboxGeometry,
  letterboxRgbToTensor,
  nms,
  type Detection,
  type LetterboxGeometry,
} from '@ioc/vision'
import { findModel, loadManifest, modelPath, type ModelSpec } from './model-manifest.js'
import { OnnxSession } from './onnx-session.js'

export interface DetectorOptions {
  intraOpThreads: number
  /** Candidates at or below this score are dropped before NMS (0.3 as in shared/README.md's measurements). */
  scoreThreshold?: number
  nmsIou?: number
}

export interface RawImage {
  width: number
  height: number
  /** width x height x 3 bytes, BGR (ffmpeg's bgr24). */
  bgr: Uint8Array
}

export class Detector {
  readonly scoreThreshold: number
  private readonly nmsIou: number
  // Reused between frames of the same size: the tensor (2 MB at 416x416) and its geometry.
  private tensor: Float32Array
  private geometry: LetterboxGeometry | null = null

  private constructor(
    readonly spec: ModelSpec,
    readonly session: OnnxSession,
    options: DetectorOptions,
  ) {
    this.scoreThreshold = options.scoreThreshold ?? 0.3
    this.nmsIou = options.nmsIou ?? 0.45
    this.tensor = new Float32Array(3 * spec.input.width * spec.input.height)
  }

  static async open(spec: ModelSpec, file: string, options: DetectorOptions): Promise<Detector> {
    const session = await OnnxSession.open(
      file,
      {
        inputName: spec.input.name,
        outputName: spec.output.name,
        inputDims: [1, 3, spec.input.height, spec.input.width],
      },
      { intraOpThreads: options.intraOpThreads },
    )
    return new Detector(spec, session, options)
  }

  /** A detector sharing this one's session (and so its weights and threads) with its own buffers and thresholds. */
  withOptions(options: Omit<DetectorOptions, 'intraOpThreads'>): Detector {
    return new Detector(this.spec, this.session, { intraOpThreads: 0, ...options })
  }

  /** Letterboxes a frame into the reused input tensor, per the model's format. */
  preprocess(image: RawImage): { tensor: Float32Array; geometry: LetterboxGeometry } {
    const g = this.geometryFor(image.width, image.height)
    const { channelOrder, normalize } = this.spec.input
    letterboxRgbToTensor(image.bgr, g, { channelOrder, normalize, pixelOrder: 'bgr', out: this.tensor })
    return { tensor: this.tensor, geometry: g }
  }

  /** Decode and NMS of a raw output; boxes in source pixels of the frame the geometry describes. */
  postprocess(output: Float32Array, g: LetterboxGeometry): Detection[] {
    const size = { width: this.spec.input.width, height: this.spec.input.height }
    const raw =
      this.spec.format === 'yolox'
        ? decodeYolox(output, {
            inputSize: size,
            scoreThreshold: this.scoreThreshold,
            ...(this.spec.output.strides ? { strides: this.spec.output.strides } : {}),
          })
        : decodeYolov8(output, { numClasses: COCO_LABELS.length, scoreThreshold: this.scoreThreshold })
    return nms(raw, { iouThreshold: this.nmsIou }).map((d) => ({ ...d, box: boxToSource(d.box, g) }))
  }

  async detect(image: RawImage): Promise<Detection[]> {
    const { tensor, geometry } = this.preprocess(image)
    const output = await this.session.run(tensor)
    return this.postprocess(output, geometry)
  }

  private geometryFor(width: number, height: number): LetterboxGeometry {
    const g = this.geometry
    if (g && g.source.width === width && g.source.height === height) return g
    const { width: mw, height: mh, placement } = this.spec.input
    this.geometry = letterboxGeometry({ width, height }, { width: mw, height: mh }, placement)
    return this.geometry
  }
}

/** Opens a model of the manifest by id, or an explicit file read with the layout of `spec` (the CLI's --model). */
export async function openDetector(
  modelsDir: string,
  options: DetectorOptions & { modelId?: string; file?: string },
): Promise<Detector> {
  const models = loadManifest()
  const spec = findModel(models, options.modelId ?? 'yolox_nano')
  const file = options.file ?? modelPath(spec, modelsDir)
  return Detector.open(spec, file, options)
}
