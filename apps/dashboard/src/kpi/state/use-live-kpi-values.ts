import { useQueryClient } from '@tanstack/react-query'
import { useKpiValues } from '../../shell/socket/hooks/use-kpi-values.js'
import { kpiQueryRoot } from './kpi-queries.js'

/**
 * A value reported anywhere (REST, CSV, MQTT) refreshes the catalog and that KPI's history: the
 * push carries the raw value, the api's answers carry its target and progress, so they are asked.
 */
export function useLiveKpiValues(): void {
  const queries = useQueryClient()
  useKpiValues((v) => {
    void queries.invalidateQueries({ queryKey: [kpiQueryRoot, 'catalog'] })
    void queries.invalidateQueries({ queryKey: [kpiQueryRoot, 'values', v.kpiId] })
  })
}
