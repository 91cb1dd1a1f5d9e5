/** Error codes of the detection module; each message says what to do about it. */
export type DetectionErrorCode =
  | 'MANIFEST'
  | 'UNKNOWN_MODEL'
  | 'MODEL_MISSING'
  | 'BAD_MODEL'
  | 'INFERENCE'
  | 'NO_FFMPEG'
  | 'DECODE'
  | 'INPUT_MISSING'

export class DetectionError extends Error {
  constructor(
    readonly code: DetectionErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DetectionError'
  }
}
