// The model manifest (`models/manifest.json`) and where model files are found on disk.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { DetectionError } from './errors.js'

const inputSchema = z.object({
  name: z.string().min(1),
  width: z.int().positive(),
  height: z.int().positive(),
  channelOrder: z.enum(['bgr', 'rgb']),
  normalize: z.boolean(),
  placement: z.enum(['top-left', 'center']),
})

export const modelSpecSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
  file: z.string().regex(/^[^/\\]+$/, { error: 'a file name without directories' }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(['yolox', 'yolov8']),
  input: inputSchema,
  output: z.object({
    name: z.string().min(1),
    shape: z.array(z.int()).optional(),
    strides: z.array(z.int().positive()).optional(),
  }),
  labels: z.literal('coco80'),
  licence: z.string().min(1),
  url: z.url(),
})
export type ModelSpec = z.infer<typeof modelSpecSchema>

const manifestSchema = z.object({ models: z.array(modelSpecSchema).min(1) })

/** The repository root: the nearest parent of this file that holds models/manifest.json (works from src and dist). */
export function findRepoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'models', 'manifest.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) {
      throw new DetectionError('MANIFEST', `no models/manifest.json above ${from}`)
    }
    dir = parent
  }
}

export function loadManifest(path = join(findRepoRoot(), 'models', 'manifest.json')): ModelSpec[] {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new DetectionError('MANIFEST', `cannot read model manifest ${path}: ${(err as Error).message}`)
  }
  const parsed = manifestSchema.safeParse(raw)
  if (!parsed.success) {
    const first = parsed.error.issues[0]!
    throw new DetectionError(
      'MANIFEST',
      `model manifest ${path}: ${first.path.join('.') || '(root)'}: ${first.message}`,
    )
  }
  return parsed.data.models
}

export function findModel(models: readonly ModelSpec[], id: string): ModelSpec {
  const spec = models.find((m) => m.id === id)
  if (!spec) {
    throw new DetectionError(
      'UNKNOWN_MODEL',
      `model "${id}" is not in models/manifest.json (known: ${models.map((m) => m.id).join(', ')})`,
    )
  }
  return spec
}

/**
 * Where model files live, first match wins:
 * 1. IOC_MODELS_DIR when set (production: a volume the operator fills with `npm run models:fetch`);
 * 2. `<repo>/../shared/models` when it exists (this workplace and CI: read-only, never copied into git);
 * 3. `<repo>/models/cache` (git-ignored; where `npm run models:fetch` downloads to by default).
 */
export function resolveModelsDir(envDir: string | undefined, repoRoot = findRepoRoot()): string {
  if (envDir) return resolve(envDir)
  const shared = resolve(repoRoot, '..', 'shared', 'models')
  if (existsSync(shared)) return shared
  return join(repoRoot, 'models', 'cache')
}

/** Path of a model's file; a clear error naming the fix when it is missing. */
export function modelPath(spec: ModelSpec, modelsDir: string): string {
  const path = join(modelsDir, spec.file)
  if (!existsSync(path)) {
    throw new DetectionError(
      'MODEL_MISSING',
      `model file ${path} is missing: run \`npm run models:fetch\` (or set IOC_MODELS_DIR to the folder holding ${spec.file})`,
    )
  }
  return path
}
