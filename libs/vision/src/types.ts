/** Axis-aligned box as [x1, y1, x2, y2]; which pixel space it is in is said by whoever returns it. */
export type Box = [x1: number, y1: number, x2: number, y2: number]

/** [x, y]; zones and count lines use normalised coordinates (0..1 of the frame) so they survive a resolution change. */
export type Point = [x: number, y: number]

export interface Size {
  width: number
  height: number
}

/** One detected object: the unit that decoders produce and NMS and the tracker consume. */
export interface Detection {
  box: Box
  classId: number
  score: number
}

/** The least that zone and line logic need of a track, so they also work on tracks from elsewhere. */
export interface TrackedObject {
  id: number
  classId: number
  box: Box
}
