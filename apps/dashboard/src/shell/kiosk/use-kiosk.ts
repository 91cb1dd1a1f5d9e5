import { useSearchParams } from 'react-router'

/** `?kiosk=1`: a wall display without chrome. Kept in the URL, so a reload stays a kiosk. */
export function useKiosk(): boolean {
  const [params] = useSearchParams()
  return params.get('kiosk') === '1'
}
