/** A benchmark's rows: what was measured, the figure, its goal and the ratio to the goal. */
export type FigureRow = [figure: string, measured: string, goal: string, ratio: string]

/** Prints the rows as aligned columns under their heading. */
export function printFigureTable(rows: readonly FigureRow[]): void {
  const heading: FigureRow = ['figure', 'measured', 'goal', 'ratio']
  const widths = heading.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (r: readonly string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(line(heading))
  for (const r of rows) console.log(line(r))
}
