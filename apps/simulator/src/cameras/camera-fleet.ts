// The demo's cameras: two traffic cameras on traffic.mp4, two security cameras on people.mp4, at
// real places of Quảng Nam. Each is its own RTSP server on its own port with its own password.
// More cameras (IOC_SIM_CAMERAS, to fill a 4x4 wall) repeat the four, a few metres apart; those
// beyond the first `detectedCameras` run without detection: at ~20 ms a frame, detection on
// sixteen cameras would take more CPU than a 2-core demo machine has.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { CameraRecording, CountLine, Zone } from '@ioc/contracts'
import { clipGeometry, type Clip } from './clip-geometry.js'
import { SimulatedCamera } from './simulated-camera.js'

export interface CameraSite {
  id: string
  name: string
  kind: 'traffic' | 'security'
  district: string
  lat: number
  lon: number
  clip: Clip
}

export const cameraSites: CameraSite[] = [
  {
    id: 'cam-tk-phan-chu-trinh',
    name: 'Ngã tư Phan Chu Trinh - Hùng Vương',
    kind: 'traffic',
    district: 'Tam Kỳ',
    lat: 15.5736,
    lon: 108.474,
    clip: 'traffic.mp4',
  },
  {
    id: 'cam-ha-cua-dai',
    name: 'Đường Cửa Đại',
    kind: 'traffic',
    district: 'Hội An',
    lat: 15.8794,
    lon: 108.3465,
    clip: 'traffic.mp4',
  },
  {
    id: 'cam-ha-chua-cau',
    name: 'Chùa Cầu, phố cổ Hội An',
    kind: 'security',
    district: 'Hội An',
    lat: 15.8771,
    lon: 108.3262,
    clip: 'people.mp4',
  },
  {
    id: 'cam-tk-quang-truong',
    name: 'Quảng trường 24/3',
    kind: 'security',
    district: 'Tam Kỳ',
    lat: 15.5695,
    lon: 108.4818,
    clip: 'people.mp4',
  },
]

/** Cameras of the fleet that get detection; the others only stream. */
export const detectedCameras = cameraSites.length

// No model of that name exists, so the ingest loads none for the camera (it says so once in its
// log); one frame a second is the least the pipeline samples.
const noDetection = { modelId: 'none', detectFps: 1 } as const

/** The demo records every camera, a day of it (the demo's IOC_RECORDINGS_MAX_MB bounds the disk). */
const demoRecording: CameraRecording = { mode: 'continuous', retentionDays: 1, preRollS: 5, postRollS: 10 }

/** What the camera registry needs to pull a simulated camera (credentials stored apart). */
export interface CameraRegistration extends Omit<CameraSite, 'clip'> {
  rtspUrl: string
  username: string
  password: string
  transport: 'auto'
  zones: Zone[]
  lines: CountLine[]
  modelId?: string
  detectFps?: number
  recording: CameraRecording
}

export interface RunningCamera {
  site: CameraSite
  camera: SimulatedCamera
  registration: CameraRegistration
}

export function buildCameraFleet(options: {
  mediaDir: string
  ports: number[]
  count?: number
  log?: (line: string) => void
}): RunningCamera[] {
  const count = options.count ?? cameraSites.length
  return Array.from({ length: count }, (_, i) => {
    const base = cameraSites[i % cameraSites.length]!
    const round = Math.floor(i / cameraSites.length)
    const site: CameraSite =
      round === 0
        ? base
        : {
            ...base,
            id: `${base.id}-${round + 1}`,
            name: `${base.name} (${round + 1})`,
            // apart on the map, not one marker over another
            lat: Number((base.lat + round * 0.0009).toFixed(6)),
          }
    const port = options.ports[i]
    if (port === undefined) throw new Error(`no port for camera ${site.id}`)
    const username = 'admin'
    // a fresh password each run, like a real installation where nobody keeps the factory default
    const password = randomBytes(9).toString('base64url')
    const camera = new SimulatedCamera({
      clip: join(options.mediaDir, site.clip),
      port,
      username,
      password,
      ...(options.log ? { log: options.log } : {}),
    })
    const { clip: _clip, ...fields } = site
    return {
      site,
      camera,
      registration: {
        ...fields,
        rtspUrl: camera.urlWithoutCredentials,
        username,
        password,
        transport: 'auto',
        // the demo records: the timeline and the alert clips have something to show
        recording: demoRecording,
        ...clipGeometry[site.clip],
        ...(i < detectedCameras ? {} : noDetection),
      },
    }
  })
}
