// Live video: the api relays node-media-server's HTTP-FLV to the viewer. Every viewer is one more
// reader of the one stream the ingest already pulls; none of them reaches the camera.
import { Readable } from 'node:stream'
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common'
import type { Request, Response } from 'express'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { cameraErrorCodes } from './cameras.service.js'

@Injectable()
export class CameraVideoService {
  private readonly logger = new Logger('cameras')
  private viewers = 0

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  get activeViewers(): number {
    return this.viewers
  }

  async relay(cameraId: string, req: Request, res: Response): Promise<void> {
    const upstream = new AbortController()
    const url = `${this.config.mediaHttpUrl}/live/${encodeURIComponent(cameraId)}.flv`
    let answer: globalThis.Response
    try {
      answer = await fetch(url, { signal: upstream.signal })
    } catch (err) {
      this.logger.warn(`media server ${this.config.mediaHttpUrl} unreachable: ${(err as Error).message}`)
      throw unavailable('the media server does not answer')
    }
    if (!answer.ok || !answer.body) {
      upstream.abort()
      throw unavailable(`the media server answered ${answer.status}`)
    }
    this.viewers++
    res.status(200)
    res.setHeader('content-type', 'video/x-flv')
    res.setHeader('cache-control', 'no-store')
    res.flushHeaders()
    const body = Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream)
    const close = () => {
      upstream.abort()
      body.destroy()
    }
    req.on('close', close)
    body.on('error', () => res.end())
    body.on('close', () => {
      this.viewers--
      res.end()
    })
    body.pipe(res)
  }
}

function unavailable(why: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: cameraErrorCodes.videoUnavailable,
    message: `Không có hình trực tiếp / live video unavailable: ${why}`,
  })
}
