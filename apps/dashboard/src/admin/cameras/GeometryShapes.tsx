import type { PointerEvent } from 'react'
import type { CountLine, Zone } from '@ioc/contracts'
import { lineArrows, type Point } from './geometry.js'

export type Selection = { type: 'zone' | 'line'; id: string }

interface Props {
  zones: readonly Zone[]
  lines: readonly CountLine[]
  selection: Selection | null
  /** The corners (or first end) of what is being drawn. */
  drawing: readonly Point[]
  boxes: readonly { box: readonly [number, number, number, number]; inZone: boolean }[]
  onGrab: (e: PointerEvent, sel: Selection, vertex: number | null) => void
}

const pts = (points: readonly Point[]) => points.map(([x, y]) => `${x},${y}`).join(' ')

/** The overlay, in the picture's own 0..1 coordinates (stretched over it). */
export function GeometryShapes({ zones, lines, selection, drawing, boxes, onGrab }: Props) {
  const picked = (type: Selection['type'], id: string) => selection?.type === type && selection.id === id
  return (
    <svg className="admin-overlay" viewBox="0 0 1 1" preserveAspectRatio="none">
      {boxes.map((b, i) => (
        <rect
          key={`box-${i}`}
          className={b.inZone ? 'admin-box admin-box-in' : 'admin-box'}
          x={b.box[0]}
          y={b.box[1]}
          width={b.box[2] - b.box[0]}
          height={b.box[3] - b.box[1]}
          data-testid="detection-box"
        />
      ))}
      {zones.map((z) => (
        <g key={z.id} data-testid={`zone-${z.id}`}>
          <polygon
            className={`admin-zone admin-zone-${z.kind}${picked('zone', z.id) ? ' admin-picked' : ''}`}
            points={pts(z.points)}
            onPointerDown={(e) => onGrab(e, { type: 'zone', id: z.id }, null)}
          />
          {picked('zone', z.id) &&
            z.points.map(([x, y], i) => (
              <circle
                key={i}
                className="admin-handle"
                cx={x}
                cy={y}
                r={0.012}
                onPointerDown={(e) => onGrab(e, { type: 'zone', id: z.id }, i)}
              />
            ))}
        </g>
      ))}
      {lines.map((l) => {
        const { mid, toRight, toLeft } = lineArrows(l)
        const sel = picked('line', l.id)
        return (
          <g key={l.id} data-testid={`line-${l.id}`}>
            <line
              className={`admin-count-line${sel ? ' admin-picked' : ''}`}
              x1={l.points[0][0]}
              y1={l.points[0][1]}
              x2={l.points[1][0]}
              y2={l.points[1][1]}
              onPointerDown={(e) => onGrab(e, { type: 'line', id: l.id }, null)}
            />
            <line className="admin-arrow" x1={mid[0]} y1={mid[1]} x2={toRight[0]} y2={toRight[1]} />
            {l.oneWay !== 'leftToRight' && (
              <line
                className="admin-arrow admin-arrow-back"
                x1={mid[0]}
                y1={mid[1]}
                x2={toLeft[0]}
                y2={toLeft[1]}
              />
            )}
            {sel &&
              l.points.map(([x, y], i) => (
                <circle
                  key={i}
                  className="admin-handle"
                  cx={x}
                  cy={y}
                  r={0.012}
                  onPointerDown={(e) => onGrab(e, { type: 'line', id: l.id }, i)}
                />
              ))}
          </g>
        )
      })}
      {drawing.length > 0 && <polyline className="admin-drawing" points={pts(drawing)} />}
      {drawing.map(([x, y], i) => (
        <circle key={`d-${i}`} className="admin-handle" cx={x} cy={y} r={0.01} />
      ))}
    </svg>
  )
}
