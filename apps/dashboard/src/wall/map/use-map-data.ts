import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  cameraViewSchema,
  deviceSchema,
  mapBoundariesSchema,
  mapConfigSchema,
  ruleListSchema,
  type Alert,
  type MapBoundaries,
} from '@ioc/contracts'
import { ApiError } from '../../shell/api/api-error.js'
import type { ApiClient } from '../../shell/api/client.js'
import { useApi } from '../../shell/services.js'
import { useAlerts } from '../../shell/socket/hooks/use-alerts.js'
import { useCameraStatus } from '../../shell/socket/hooks/use-camera-status.js'
import { useCityKpis } from '../../shell/socket/hooks/use-city-kpis.js'
import { useReadingsBatch } from '../../shell/socket/hooks/use-readings-batch.js'
import { KeyedRows } from './keyed-rows.js'
import {
  alertRow,
  bySeverityDrawOrder,
  cameraRow,
  heatRows,
  sensorRow,
  thresholdsKey,
  waterThresholds,
  type AlertRow,
  type CameraRow,
  type HeatRow,
  type Place,
  type SensorRow,
} from './map-rows.js'

const cameraListSchema = cameraViewSchema.array()
const deviceListSchema = deviceSchema.array()

export const mapQueryKeys = {
  config: ['map', 'config'],
  boundaries: ['map', 'boundaries'],
  cameras: ['cameras'],
  sensors: ['sensors'],
  rules: ['rules'],
} as const

/** The camera list, shared by the map and the alert pop-up (one request, one cache entry). */
export const camerasQuery = (api: ApiClient) => ({
  queryKey: mapQueryKeys.cameras,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get('/api/cameras', cameraListSchema, { signal }),
  refetchInterval: 60_000,
})

export const sensorsQuery = (api: ApiClient) => ({
  queryKey: mapQueryKeys.sensors,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.get('/api/sensors', deviceListSchema, { signal }),
  refetchInterval: 60_000,
})

export interface MapData {
  styleUrl: string | null
  /** undefined while loading; null when the site has none (or they failed: see `boundariesError`). */
  boundaries: MapBoundaries | null | undefined
  boundariesError: string | null
  dataError: string | null
  loading: boolean
  cameras: readonly CameraRow[]
  sensors: readonly SensorRow[]
  thresholds: ReadonlyMap<string, number>
  thresholdsKey: string
  alerts: readonly AlertRow[]
  unacknowledged: readonly AlertRow[]
  heat: readonly HeatRow[]
  places: ReadonlyMap<string, Place>
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err))

/** The map's sources (REST once, then the socket's topics) turned into diffed rows per layer. */
export function useMapData(): MapData {
  const api = useApi()
  const config = useQuery({
    queryKey: mapQueryKeys.config,
    queryFn: ({ signal }) => api.get('/api/map/config', mapConfigSchema, { signal }),
    staleTime: Infinity,
  })
  const boundaries = useQuery({
    queryKey: mapQueryKeys.boundaries,
    enabled: config.data?.boundaries === true,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/map/boundaries', mapBoundariesSchema, { signal })
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null // not configured after all
        throw err
      }
    },
  })
  const cameras = useQuery(camerasQuery(api))
  const sensors = useQuery(sensorsQuery(api))
  const rules = useQuery({
    queryKey: mapQueryKeys.rules,
    queryFn: ({ signal }) => api.get('/api/rules', ruleListSchema, { signal }),
    refetchInterval: 300_000,
  })

  // camera rows: the list's state, overtaken by pushed statuses
  const statuses = useCameraStatus()
  const cameraRows = useRef(new KeyedRows<CameraRow>()).current
  const cameraList = useMemo(
    () => (cameras.data ?? []).map((c) => cameraRow(c, statuses.get(c.id))),
    [cameras.data, statuses],
  )
  cameraRows.replaceAll(cameraList)

  // station rows: the list, then each reading of a station's coloured metric
  const sensorRows = useRef(new KeyedRows<SensorRow>()).current
  const [sensorVersion, setSensorVersion] = useState(0)
  useEffect(() => {
    const latest = new Map(sensorRows.rows().map((r) => [r.id, r.value]))
    if (sensorRows.replaceAll((sensors.data ?? []).map((d) => sensorRow(d, latest.get(d.id) ?? null))))
      setSensorVersion((v) => v + 1)
  }, [sensors.data, sensorRows])
  // a reading is also news that the station is online, whatever the list said when it was read
  useReadingsBatch((observations) => {
    let changed = false
    for (const o of observations) {
      const row = sensorRows.get(o.deviceId)
      if (row && row.metric === o.metric)
        changed = sensorRows.patch(o.deviceId, { value: o.value, online: true }) || changed
    }
    if (changed) setSensorVersion((v) => v + 1)
  })

  const thresholds = useMemo(
    () => waterThresholds(sensors.data ?? [], rules.data?.items ?? []),
    [sensors.data, rules.data],
  )
  const thresholdsKeyValue = useMemo(() => thresholdsKey(thresholds), [thresholds])

  const places = useMemo(() => {
    const out = new Map<string, Place>()
    for (const c of cameras.data ?? []) out.set(c.id, { lon: c.lon, lat: c.lat })
    for (const d of sensors.data ?? []) out.set(d.id, { lon: d.lon, lat: d.lat })
    return out
  }, [cameras.data, sensors.data])

  const { alerts } = useAlerts()
  const alertRows = useMemo(() => placedAlerts(alerts, places), [alerts, places])
  const alertKeyed = useRef(new KeyedRows<AlertRow>()).current
  alertKeyed.replaceAll(alertRows)
  const alertArray = alertKeyed.rows()
  const unacknowledged = useMemo(() => alertArray.filter((a) => !a.acknowledged), [alertArray])

  const kpis = useCityKpis()
  const heatKeyed = useRef(new KeyedRows<HeatRow>()).current
  const heatAt = useRef(0)
  // the heatmap re-aggregates on the GPU at each change; where detections are moves slowly, so
  // the rows follow the live KPIs at most every HEAT_REFRESH_MS (the first ones at once)
  if (Date.now() - heatAt.current >= HEAT_REFRESH_MS && heatKeyed.replaceAll(heatRows(kpis, places)))
    heatAt.current = Date.now()

  void sensorVersion // the rows are read from the store below; the version re-renders on a change
  const dataFailure = cameras.error ?? sensors.error
  return {
    styleUrl: config.data?.styleUrl ?? null,
    boundaries: config.data?.boundaries === false ? null : boundaries.error ? null : boundaries.data,
    boundariesError: boundaries.error ? reason(boundaries.error) : null,
    dataError: dataFailure ? reason(dataFailure) : null,
    loading: cameras.isPending || sensors.isPending || config.isPending,
    cameras: cameraRows.rows(),
    sensors: sensorRows.rows(),
    thresholds,
    thresholdsKey: thresholdsKeyValue,
    alerts: alertArray,
    unacknowledged,
    heat: heatKeyed.rows(),
    places,
  }
}

/** How often the detection heatmap may change (ms). */
export const HEAT_REFRESH_MS = 30_000

function placedAlerts(alerts: readonly Alert[], places: ReadonlyMap<string, Place>): AlertRow[] {
  const rows: AlertRow[] = []
  for (const a of alerts) {
    const row = alertRow(a, places)
    if (row) rows.push(row)
  }
  return rows.sort(bySeverityDrawOrder)
}
