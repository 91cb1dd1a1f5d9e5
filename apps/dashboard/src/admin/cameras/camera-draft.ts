import type { CameraKind, CameraTestBodyInput, CameraView, RtspTransport } from '@ioc/contracts'

/** The camera form's state; credentials start empty and are sent only when typed. */
export interface CameraDraft {
  id: string
  name: string
  kind: CameraKind
  district: string
  lat: string
  lon: string
  rtspUrl: string
  username: string
  password: string
  transport: RtspTransport
  detectFps: string
  modelId: string
}

export const emptyCamera: CameraDraft = {
  id: '',
  name: '',
  kind: 'traffic',
  district: '',
  lat: '',
  lon: '',
  rtspUrl: '',
  username: '',
  password: '',
  transport: 'auto',
  detectFps: '5',
  modelId: 'yolox_nano',
}

export function cameraDraftOf(c: CameraView): CameraDraft {
  return {
    ...emptyCamera,
    id: c.id,
    name: c.name,
    kind: c.kind,
    district: c.district,
    lat: String(c.lat),
    lon: String(c.lon),
    transport: c.transport,
    detectFps: String(c.detectFps),
    modelId: c.modelId,
  }
}

const num = (s: string) => Number(s.replace(',', '.'))
const typed = (s: string) => (s.trim() === '' ? undefined : s.trim())
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** POST /api/cameras. */
export function cameraCreateBody(d: CameraDraft): Record<string, unknown> {
  return defined({
    id: d.id.trim(),
    name: d.name.trim(),
    kind: d.kind,
    district: d.district.trim(),
    lat: num(d.lat),
    lon: num(d.lon),
    rtspUrl: d.rtspUrl.trim(),
    username: typed(d.username),
    password: d.password === '' ? undefined : d.password,
    transport: d.transport,
    detectFps: num(d.detectFps),
    modelId: d.modelId.trim(),
  })
}

/** PATCH /api/cameras/{id}: the stored URL and credentials stay unless typed again. */
export function cameraPatchBody(d: CameraDraft): Record<string, unknown> {
  const { id: _id, ...body } = cameraCreateBody(d)
  if (d.rtspUrl.trim() === '') delete body.rtspUrl
  return body
}

/** What "test connection" sends: what is typed, and for a stored camera its id for the rest. */
export function testBody(d: CameraDraft, stored: boolean): CameraTestBodyInput {
  return defined({
    cameraId: stored ? d.id : undefined,
    rtspUrl: typed(d.rtspUrl),
    username: typed(d.username),
    password: d.password === '' ? undefined : d.password,
    transport: d.transport,
  }) as CameraTestBodyInput
}
