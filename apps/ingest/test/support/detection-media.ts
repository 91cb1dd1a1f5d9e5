// The shared model and clips (never committed): `<repo>/../shared`, see shared/README.md.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { openDetector, type Detector } from '../../src/detection/detector.js'
import { readFrames, type FileFrame } from '../../src/detection/file-frames.js'
import { findRepoRoot, resolveModelsDir } from '../../src/detection/model-manifest.js'

export const media = (name: 'dog.jpg' | 'traffic.mp4' | 'people.mp4'): string => {
  const path = resolve(findRepoRoot(), '..', 'shared', 'media', name)
  if (!existsSync(path)) throw new Error(`test media ${path} is missing (see ../shared/README.md)`)
  return path
}

/** YOLOX-Nano from the models folder (../shared/models here), 2 intra-op threads, the bare reference of bench:detect. */
export function openTestDetector(scoreThreshold: number): Promise<Detector> {
  return openDetector(resolveModelsDir(process.env['IOC_MODELS_DIR']), { intraOpThreads: 2, scoreThreshold })
}

export async function decodeAll(file: string, fps?: number): Promise<FileFrame[]> {
  const frames: FileFrame[] = []
  for await (const f of readFrames(file, fps ? { fps } : {})) frames.push(f)
  return frames
}
