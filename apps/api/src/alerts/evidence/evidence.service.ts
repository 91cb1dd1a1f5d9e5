import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common'
import {
  canSeeCamera,
  type Alert,
  type AlertChanged,
  type AlertEvidence,
  type AlertEvidenceKind,
  type AuthClaims,
  type Box,
  type DetectionEvent,
} from '@ioc/contracts'
import { AlertEvidenceRepository } from '@ioc/db'
import { CameraFeedService } from '../../cameras/camera-feed.service.js'
import { SourcesDirectory } from '../../sources/sources-directory.js'
import { BoxPainter, MAX_BOXES } from './box-painter.js'

// Cameras send a snapshot every ~3 s, so the nearest is normally within 1.5 s of the detection; a
// picture further away than this would show another moment, and none is kept instead.
const SNAPSHOT_SKEW_MS = 5_000
// A crowd event carries a count, not boxes: the boxes are the persons of its detection frame.
const FRAME_SKEW_MS = 1_000
// Pictures waiting for ffmpeg; beyond it (an alert storm) new ones are dropped and logged.
const MAX_PENDING = 20

/**
 * The evidence of camera alerts: when a detection rule raises or repeats an alert, the camera's
 * snapshot of that moment (the one that arrived nearest the detection, not the latest), with the
 * boxes that raised it drawn, stored with the alert. Pictures are drawn one at a time, after the
 * alert is stored: the rules never wait for ffmpeg.
 */
@Injectable()
export class EvidenceService implements OnModuleDestroy {
  private readonly logger = new Logger('alerts')
  private readonly painter = new BoxPainter()
  private chain: Promise<void> = Promise.resolve()
  private pending = 0

  constructor(
    private readonly repo: AlertEvidenceRepository,
    private readonly feed: CameraFeedService,
    private readonly sources: SourcesDirectory,
  ) {}

  /** Picks the picture now (the ring moves on) and draws and stores it in the background. */
  keep(change: AlertChanged, event: DetectionEvent): void {
    const kind: AlertEvidenceKind | null =
      change.action === 'created' ? 'raised' : change.action === 'repeated' ? 'latest' : null
    if (!kind) return
    const detectedAt = new Date(event.ts)
    const snapshot = this.feed.snapshotNear(event.cameraId, detectedAt, SNAPSHOT_SKEW_MS)
    if (!snapshot) {
      this.logger.debug(`alert ${change.alert.id}: no snapshot of ${event.cameraId} near ${event.ts}`)
      return
    }
    if (this.pending >= MAX_PENDING) {
      this.logger.warn(`alert ${change.alert.id}: evidence dropped, ${this.pending} pictures waiting`)
      return
    }
    const boxes = this.boxesOf(event, detectedAt)
    this.pending++
    this.chain = this.chain
      .then(async () => {
        const jpeg = await this.painter.paint(snapshot.jpeg, boxes)
        await this.repo.keep({
          alertId: change.alert.id,
          kind,
          seq: change.seq,
          takenAt: snapshot.at,
          detectedAt,
          boxes,
          jpeg,
        })
      })
      .catch((err: Error) => this.logger.warn(`alert ${change.alert.id}: evidence not kept: ${err.message}`))
      .finally(() => this.pending--)
  }

  /** Resolves once every picture picked so far is stored (or given up). */
  idle(): Promise<void> {
    return this.chain
  }

  async onModuleDestroy(): Promise<void> {
    await this.chain
  }

  /**
   * A camera alert's picture is the camera's: shown to those who watch that camera's kind
   * (canSeeCamera), on top of reading the alert. A security camera's picture is not traffic's.
   */
  maySee(user: AuthClaims, alert: Alert): boolean {
    if (alert.sourceType !== 'camera') return false
    const camera = this.sources.camera(alert.sourceId)
    return canSeeCamera(user, { kind: camera.kind ?? '', district: alert.district })
  }

  /** The pictures' descriptions, for an alert the caller may read; none if they may not see them. */
  async list(user: AuthClaims, alert: Alert): Promise<AlertEvidence[]> {
    return this.maySee(user, alert) ? this.repo.list(alert.id) : []
  }

  jpeg(alert: Alert, kind: AlertEvidenceKind) {
    return this.repo.jpeg(alert.id, kind)
  }

  private boxesOf(event: DetectionEvent, at: Date): Box[] {
    if (event.kind !== 'crowd') return [event.box]
    const frame = this.feed.detectionFrameNear(event.cameraId, at, FRAME_SKEW_MS)
    return (frame?.detections ?? [])
      .filter((d) => d.label === 'person')
      .slice(0, MAX_BOXES)
      .map((d) => d.box)
  }
}
