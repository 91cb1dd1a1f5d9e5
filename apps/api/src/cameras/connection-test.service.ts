import { Injectable } from '@nestjs/common'
import {
  CAMERA_TEST_TIMEOUT_MS,
  classifyCameraFailure,
  redactUrlsInText,
  type CameraTestBody,
  type CameraTestResult,
} from '@ioc/contracts'
import { CamerasRepository } from '@ioc/db'
import { cameraNotFound } from './cameras.service.js'
import { grabFrame, type GrabTarget } from './frame-grab.js'

/** Kept back from the 10 s for answering: the grab itself gets the rest. */
const MARGIN_MS = 300

/**
 * "Test connection": one frame within CAMERA_TEST_TIMEOUT_MS, or the reason it failed, with the
 * ingest's own reading of ffmpeg's messages (classifyCameraFailure). `auto` tries TCP, then UDP
 * when the camera refuses TCP, as the pipelines do.
 */
@Injectable()
export class ConnectionTestService {
  constructor(private readonly cameras: CamerasRepository) {}

  async test(body: CameraTestBody): Promise<CameraTestResult> {
    const started = Date.now()
    const target = await this.target(body)
    const transports = body.transport === 'auto' ? (['tcp', 'udp'] as const) : [body.transport]
    const elapsed = () => Date.now() - started
    let failure: CameraTestResult | null = null
    for (const transport of transports) {
      const budget = CAMERA_TEST_TIMEOUT_MS - MARGIN_MS - elapsed()
      if (budget < 500) break
      const outcome = await grabFrame(target, transport, budget)
      if (outcome.ok)
        return { ok: true, jpeg: outcome.jpeg.toString('base64'), transport, elapsedMs: elapsed() }
      const reason = outcome.timedOut ? 'timeout' : (classifyCameraFailure(outcome.lines) ?? 'unknown')
      failure = { ok: false, reason, message: explain(outcome.lines, target, reason), elapsedMs: elapsed() }
      const refusedTcp = outcome.lines.some((l) => /\b461\b|Unsupported transport/i.test(l))
      if (!(transport === 'tcp' && refusedTcp)) break
    }
    return (
      failure ?? {
        ok: false,
        reason: 'timeout',
        message: 'no answer in time',
        elapsedMs: elapsed(),
      }
    )
  }

  /** The body's URL and credentials; with cameraId, the stored ones stand in for those not given. */
  private async target(body: CameraTestBody): Promise<GrabTarget> {
    if (!body.cameraId)
      return { rtspUrl: body.rtspUrl!, username: body.username ?? null, password: body.password ?? null }
    const stored = (await this.cameras.listForPipeline()).find((c) => c.id === body.cameraId)
    if (!stored) throw cameraNotFound(body.cameraId)
    return {
      rtspUrl: body.rtspUrl ?? stored.rtspUrl,
      username: body.username ?? stored.username,
      password: body.password ?? stored.password,
    }
  }
}

/** The line that says why, without URLs' user info or the password itself. */
function explain(lines: readonly string[], target: GrabTarget, reason: string): string {
  const line = [...lines].reverse().find((l) => classifyCameraFailure([l]) !== null) ?? lines.at(-1) ?? reason
  let text = redactUrlsInText(line.trim())
  for (const secret of [target.password, target.username])
    if (secret && secret.length >= 3) text = text.split(secret).join('***')
  return text.slice(0, 500)
}
