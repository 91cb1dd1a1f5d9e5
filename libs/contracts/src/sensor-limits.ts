// Bounds of one sensor message, shared by the schema and its hand-written fast path.
export const SENSOR_MAX_READINGS = 1000
export const SENSOR_MAX_METRICS = 64
