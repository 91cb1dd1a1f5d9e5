import type { KpiStatus } from '../logic/kpi-status.js'

/** Progress towards the target, full at 100% (beyond it the bar stays full: the figure says more). */
export function ProgressBar({
  progress,
  status,
  label,
}: {
  progress: number | null
  status: KpiStatus | 'below'
  label: string
}) {
  const share = progress === null ? 0 : Math.max(0, Math.min(1, progress))
  return (
    <div
      className={`kpi-progress kpi-progress--${status}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(share * 100)}
    >
      <div className="kpi-progress__fill" style={{ width: `${share * 100}%` }} />
    </div>
  )
}
