import type { AlertSeverity, AqiCategory, CameraState } from '@ioc/contracts'

/** RGBA, 0-255, as deck.gl takes colours. */
export type Rgba = [number, number, number, number]

export const cameraStateColors: Readonly<Record<CameraState | 'unknown', Rgba>> = {
  online: [34, 197, 94, 255],
  degraded: [245, 158, 11, 255],
  offline: [239, 68, 68, 255],
  connecting: [96, 165, 250, 255],
  unknown: [148, 163, 184, 255],
}

// The US EPA's own category colours (AirNow), which Vietnamese VN_AQI boards also use.
export const aqiColors: Readonly<Record<AqiCategory, Rgba>> = {
  good: [0, 228, 0, 255],
  moderate: [255, 255, 0, 255],
  unhealthy_for_sensitive_groups: [255, 126, 0, 255],
  unhealthy: [255, 0, 0, 255],
  very_unhealthy: [143, 63, 151, 255],
  hazardous: [126, 0, 35, 255],
}

export const severityColors: Readonly<Record<AlertSeverity, Rgba>> = {
  critical: [220, 38, 38, 255],
  major: [249, 115, 22, 255],
  minor: [234, 179, 8, 255],
  warning: [250, 204, 21, 255],
  info: [59, 130, 246, 255],
}

/** Water level against the flood threshold: normal, within 10% below it (watch), at or above it. */
export type WaterLevel = 'normal' | 'watch' | 'flood'
export const WATCH_FRACTION = 0.9

export const waterLevelColors: Readonly<Record<WaterLevel | 'no_threshold', Rgba>> = {
  normal: [56, 189, 248, 255],
  watch: [245, 158, 11, 255],
  flood: [239, 68, 68, 255],
  no_threshold: [56, 189, 248, 255],
}

export function waterLevelOf(value: number, threshold: number): WaterLevel {
  if (value >= threshold) return 'flood'
  return value >= threshold * WATCH_FRACTION ? 'watch' : 'normal'
}

/** Stations of other kinds, and any station before its first reading. */
export const neutralSensorColor: Rgba = [148, 163, 184, 255]
export const offlineColor: Rgba = [100, 116, 139, 160]

export const toCss = ([r, g, b, a]: Rgba): string => `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`
