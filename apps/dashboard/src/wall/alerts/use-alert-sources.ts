import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { CameraView, Device } from '@ioc/contracts'
import { useApi } from '../../shell/services.js'
import { camerasQuery, sensorsQuery } from '../map/use-map-data.js'

export interface AlertSources {
  cameras: ReadonlyMap<string, CameraView>
  devices: ReadonlyMap<string, Device>
}

/** The cameras and stations alerts are about, by id (the map's cached lists, not another request). */
export function useAlertSources(): AlertSources {
  const api = useApi()
  const cameras = useQuery(camerasQuery(api))
  const devices = useQuery(sensorsQuery(api))
  return useMemo(
    () => ({
      cameras: new Map((cameras.data ?? []).map((c) => [c.id, c])),
      devices: new Map((devices.data ?? []).map((d) => [d.id, d])),
    }),
    [cameras.data, devices.data],
  )
}

/** "Chùa Cầu, phố cổ Hội An · Hội An": the source's name and the district, as far as known. */
export function placeOf(alert: { sourceId: string; district: string | null }, sources: AlertSources): string {
  const name = sources.cameras.get(alert.sourceId)?.name ?? sources.devices.get(alert.sourceId)?.name ?? null
  return [name, alert.district].filter((x): x is string => !!x).join(' · ')
}
