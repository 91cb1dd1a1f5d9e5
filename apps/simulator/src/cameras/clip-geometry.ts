// Zones and count lines drawn for the demo's two clips, in the frame's normalised coordinates (as
// an installer draws them on a camera's picture), so counts, persons in zones and detection alerts
// appear in the demo within minutes.
//
// traffic.mp4: a road seen from above, a yellow centre line at y ~ 0.42; vehicles above it drive
// to the left of the picture, below it to the right. One count line across each carriageway,
// drawn bottom to top, so `leftToRight` is a vehicle moving to the right of the picture.
// people.mp4: an arcade walked towards the camera; most feet are below the picture's edge (boxes
// clamp there, as detection's zone rule does), those further back stand around y 0.5-0.8.
import type { CountLine, Zone } from '@ioc/contracts'

export type Clip = 'traffic.mp4' | 'people.mp4'

export interface ClipGeometry {
  zones: Zone[]
  lines: CountLine[]
}

const directions = { leftToRight: 'Hướng Đông', rightToLeft: 'Hướng Tây' }

export const clipGeometry: Record<Clip, ClipGeometry> = {
  'traffic.mp4': {
    zones: [],
    lines: [
      {
        id: 'westbound',
        name: 'Làn phía Tây',
        points: [
          [0.5, 0.41],
          [0.5, 0.02],
        ],
        directions,
      },
      {
        id: 'eastbound',
        name: 'Làn phía Đông',
        points: [
          [0.5, 0.98],
          [0.5, 0.44],
        ],
        directions,
      },
    ],
  },
  'people.mp4': {
    zones: [
      {
        id: 'arch-restricted',
        name: 'Lối cổng vòm (cấm vào)',
        kind: 'restricted',
        points: [
          [0.4, 0.45],
          [0.6, 0.45],
          [0.62, 0.8],
          [0.38, 0.8],
        ],
      },
      {
        id: 'arcade-crowd',
        name: 'Hành lang (đông người)',
        kind: 'crowd',
        points: [
          [0, 0.6],
          [1, 0.6],
          [1, 1],
          [0, 1],
        ],
        crowdAbove: 8,
      },
    ],
    lines: [],
  },
}
