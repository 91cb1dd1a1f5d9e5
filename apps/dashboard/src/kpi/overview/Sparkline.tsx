import { Line, LineChart, ReferenceLine, YAxis } from 'recharts'

/** The trend of one area's values, oldest first, with the target as a dashed line. */
export function Sparkline({
  points,
  target,
}: {
  points: { ts: string; value: number }[]
  target: number | null
}) {
  if (points.length < 2) return null
  const values = points.map((p) => p.value).concat(target === null ? [] : [target])
  return (
    <LineChart width={120} height={44} data={points} aria-hidden="true" className="kpi-sparkline">
      <YAxis hide domain={[Math.min(...values), Math.max(...values)]} />
      {target !== null && <ReferenceLine y={target} stroke="#93a3bf" strokeDasharray="4 3" />}
      <Line dataKey="value" stroke="#5fb3ff" strokeWidth={2.5} dot={false} isAnimationActive={false} />
    </LineChart>
  )
}
