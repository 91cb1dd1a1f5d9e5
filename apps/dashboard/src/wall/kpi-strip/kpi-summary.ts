import { alertSeveritySchema, type AlertSeverity, type CityKpis } from '@ioc/contracts'

export interface KpiSummary {
  /** Vehicles in the last complete minute per direction name, summed over the cameras. */
  vehiclesByDirection: { direction: string; count: number }[]
  personsInZones: number
  zones: number
  aqi: CityKpis['aqiByDistrict']
  camerasOnline: CityKpis['camerasOnline']
  sensorsOnline: CityKpis['sensorsOnline']
  openAlerts: { severity: AlertSeverity; count: number }[]
  openAlertsTotal: number
  mttaSeconds: number | null
}

/** What the strip shows of the city KPIs, in the order an operator reads it. */
export function summarize(kpis: CityKpis): KpiSummary {
  const byDirection = new Map<string, number>()
  for (const v of kpis.vehiclesPerMinute)
    byDirection.set(v.direction, (byDirection.get(v.direction) ?? 0) + v.count)
  const openAlerts = alertSeveritySchema.options.map((severity) => ({
    severity,
    count: kpis.openAlertsBySeverity[severity],
  }))
  return {
    vehiclesByDirection: [...byDirection]
      .map(([direction, count]) => ({ direction, count }))
      .sort((a, b) => b.count - a.count || a.direction.localeCompare(b.direction, 'vi')),
    personsInZones: kpis.personsInZones.reduce((n, z) => n + z.count, 0),
    zones: kpis.personsInZones.length,
    // the worst air first
    aqi: [...kpis.aqiByDistrict].sort((a, b) => b.aqi - a.aqi),
    camerasOnline: kpis.camerasOnline,
    sensorsOnline: kpis.sensorsOnline,
    openAlerts,
    openAlertsTotal: openAlerts.reduce((n, a) => n + a.count, 0),
    mttaSeconds: kpis.meanTimeToAcknowledgeSeconds,
  }
}

/** "45 giây", "12 phút", "1 giờ 5 phút": a duration read from across the room. */
export function durationParts(seconds: number): { hours: number; minutes: number; seconds: number } {
  const s = Math.round(seconds)
  return { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 }
}
