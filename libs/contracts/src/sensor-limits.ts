// Bounds of one sensor message, shared by the schema and its hand-written fast path.
export const SENSOR_MAX_READINGS = 1000
export const SENSOR_MAX_METRICS = 64
/** A sensor message's payload at most; the ingest refuses a larger one as `too_large`. */
export const SENSOR_MAX_PAYLOAD_BYTES = 256 * 1024

/**
 * The magnitude no stored reading exceeds, whatever its metric: the range of a metric outside the
 * catalog, and the database's CHECK on sensor_readings.value (migration 0004 repeats the number).
 * Sums of a trillion such values stay far from float8's 1.8e308, so no aggregate can overflow.
 */
export const READING_VALUE_LIMIT = 1e12
