/**
 * Error codes of @ioc/vision. They all mean a caller passed something inconsistent (a tensor that
 * does not match the model's declared size, an impossible geometry), never a transient fault, so
 * the ingest pipeline can report them once per camera instead of retrying.
 */
export type VisionErrorCode = 'BAD_SIZE' | 'TENSOR_SHAPE' | 'PIXELS_SHAPE' | 'BAD_OPTION'

export class VisionError extends Error {
  constructor(
    readonly code: VisionErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'VisionError'
  }
}
