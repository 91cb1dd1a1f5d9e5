// Drawing over a tile's video: detection boxes with label and track, and on demand the camera's
// zones and count lines. Coordinates are normalised to the frame (as in @ioc/contracts), mapped to
// where the video's picture actually is inside its element (object-fit: contain letterboxes it).
import type { CountLine, Detection, Zone } from '@ioc/contracts'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** Where a `videoWidth` x `videoHeight` picture lies in a `width` x `height` element with object-fit: contain. */
export function containRect(width: number, height: number, videoWidth: number, videoHeight: number): Rect {
  if (!(videoWidth > 0 && videoHeight > 0 && width > 0 && height > 0)) return { x: 0, y: 0, width, height }
  const scale = Math.min(width / videoWidth, height / videoHeight)
  const w = videoWidth * scale
  const h = videoHeight * scale
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h }
}

// Colours an operator tells apart on moving video at a glance; persons apart from vehicles.
const labelColours: Record<string, string> = {
  person: '#ffd60a',
  car: '#4cc9f0',
  motorcycle: '#f72585',
  bicycle: '#b5e48c',
  bus: '#ff9f1c',
  truck: '#ff7b00',
}
const otherColour = '#e0e0e0'
const zoneColours: Record<Zone['kind'], string> = { restricted: '#ff3b30', crowd: '#ffcc00', lane: '#34c759' }

export function labelColour(label: string): string {
  return labelColours[label] ?? otherColour
}

export interface BoxText {
  /** The label as the operator reads it (translated). */
  label(label: string): string
}

export function boxCaption(d: Detection, text: BoxText): string {
  return d.trackId === undefined ? text.label(d.label) : `${text.label(d.label)} #${d.trackId}`
}

export function drawDetections(
  ctx: CanvasRenderingContext2D,
  rect: Rect,
  detections: readonly Detection[],
  text: BoxText,
  scale = 1,
): void {
  const font = Math.round(12 * scale)
  ctx.lineWidth = Math.max(1, Math.round(2 * scale))
  ctx.font = `600 ${font}px system-ui, sans-serif`
  ctx.textBaseline = 'bottom'
  for (const d of detections) {
    const [x1, y1, x2, y2] = d.box
    const x = rect.x + x1 * rect.width
    const y = rect.y + y1 * rect.height
    const w = (x2 - x1) * rect.width
    const h = (y2 - y1) * rect.height
    const colour = labelColour(d.label)
    ctx.strokeStyle = colour
    ctx.strokeRect(x, y, w, h)
    const caption = boxCaption(d, text)
    const textWidth = ctx.measureText(caption).width + 6
    // the caption sits above the box, or inside it when the box touches the top of the picture
    const top = y - font - 4 >= rect.y ? y - font - 4 : y
    ctx.fillStyle = colour
    ctx.fillRect(x, top, textWidth, font + 4)
    ctx.fillStyle = '#000'
    ctx.fillText(caption, x + 3, top + font + 2)
  }
}

export function drawZonesAndLines(
  ctx: CanvasRenderingContext2D,
  rect: Rect,
  zones: readonly Zone[],
  lines: readonly CountLine[],
  scale = 1,
): void {
  const px = ([x, y]: readonly [number, number]) =>
    [rect.x + x * rect.width, rect.y + y * rect.height] as const
  ctx.lineWidth = Math.max(1, Math.round(2 * scale))
  ctx.font = `600 ${Math.round(12 * scale)}px system-ui, sans-serif`
  ctx.textBaseline = 'top'
  for (const zone of zones) {
    const colour = zoneColours[zone.kind]
    ctx.beginPath()
    zone.points.forEach((p, i) => (i === 0 ? ctx.moveTo(...px(p)) : ctx.lineTo(...px(p))))
    ctx.closePath()
    ctx.globalAlpha = 0.15
    ctx.fillStyle = colour
    ctx.fill()
    ctx.globalAlpha = 1
    ctx.setLineDash([6 * scale, 4 * scale])
    ctx.strokeStyle = colour
    ctx.stroke()
    ctx.setLineDash([])
    const [lx, ly] = px(zone.points[0]!)
    ctx.fillStyle = colour
    ctx.fillText(zone.name, lx + 4, ly + 4)
  }
  for (const line of lines) {
    const [a, b] = line.points
    const [ax, ay] = px(a)
    const [bx, by] = px(b)
    ctx.strokeStyle = '#00e5ff'
    ctx.beginPath()
    ctx.moveTo(ax, ay)
    ctx.lineTo(bx, by)
    ctx.stroke()
    ctx.fillStyle = '#00e5ff'
    ctx.textAlign = 'center'
    ctx.fillText(line.name, (ax + bx) / 2, Math.min(ay, by) + 4)
    ctx.textAlign = 'start'
  }
}
