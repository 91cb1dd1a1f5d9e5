import { readFile } from 'node:fs/promises'
import { cameraCreateSchema, formatZodError } from '@ioc/contracts'
import type { CamerasRepository } from '@ioc/db'

/**
 * Registers cameras from a JSON file (an array of `CameraCreate`, passwords in clear), as an
 * installer does for a batch of cameras; the demo registers its simulated cameras so. Every entry
 * is checked first: one bad entry registers nothing.
 */
export async function provisionCameras(
  file: string,
  cameras: CamerasRepository,
  log?: (line: string) => void,
): Promise<number> {
  const parsed = cameraCreateSchema.array().safeParse(JSON.parse(await readFile(file, 'utf8')))
  if (!parsed.success) throw new Error(`${file}: ${formatZodError(parsed.error).message}`)
  for (const camera of parsed.data) {
    // a stuck database shows here by name, not as a silent start-up
    const timer = setTimeout(
      () => log?.(`registering ${camera.id} takes more than 10 s (database busy?)`),
      10_000,
    )
    try {
      await cameras.upsert(camera)
    } finally {
      clearTimeout(timer)
    }
  }
  return parsed.data.length
}
