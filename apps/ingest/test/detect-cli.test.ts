// `npm run detect` and `npm run models:fetch` as a user runs them: real processes, real ffmpeg.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { media } from './support/detection-media.js'

const app = join(dirname(fileURLToPath(import.meta.url)), '..')
const tmp = mkdtempSync(join(tmpdir(), 'ioc-detect-'))

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function run(script: 'cli' | 'fetch-models', args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(
    join(app, '../../node_modules/.bin/tsx'),
    ['--tsconfig', 'bench/tsconfig.json', `src/detection/${script}.ts`, ...args],
    { cwd: app, encoding: 'utf8', env: { ...env, INIT_CWD: app }, timeout: 60_000 },
  )
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('npm run detect', () => {
  it('prints exactly the JSON of docs/interfaces.md for dog.jpg, boxes in source pixels', () => {
    const r = run('cli', [media('dog.jpg'), '--json'])
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as { frames: { index: number; detections: unknown[] }[] }
    expect(Object.keys(doc)).toEqual(['frames'])
    expect(doc.frames).toHaveLength(1)
    expect(doc.frames[0]!.index).toBe(0)
    for (const d of doc.frames[0]!.detections) {
      expect(Object.keys(d as object)).toEqual(['label', 'score', 'box'])
      const { box } = d as { box: number[] }
      expect(box[0]).toBeGreaterThanOrEqual(0)
      expect(box[2]).toBeLessThanOrEqual(768)
      expect(box[3]).toBeLessThanOrEqual(576)
    }
    const labels = doc.frames[0]!.detections.map((d) => (d as { label: string }).label)
    expect(labels).toEqual(expect.arrayContaining(['dog', 'bicycle', 'car']))
  })

  it('reads a video frame by frame and draws the boxes into a JPEG', () => {
    const out = join(tmp, 'traffic.jpg')
    const r = run('cli', [media('traffic.mp4'), '--fps', '1', '--out', out])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^frame 0 \(0\.00 s\): \d+ object\(s\)$/m)
    expect(r.stdout).toMatch(/traffic\.mp4: 640x360, 20 frame\(s\)/)
    expect(r.stdout).toMatch(/^ {2}car +0\.\d\d {2}\[\d+, \d+, \d+, \d+\]$/m)
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8])) // a JPEG
  })

  it('fails clearly on a missing file, a file that is not a model, and without ffmpeg', () => {
    const missing = run('cli', ['no-such-file.jpg'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(`detect: no such file: ${join(app, 'no-such-file.jpg')}\n`)

    const notModel = join(tmp, 'model.onnx')
    writeFileSync(notModel, 'not a model')
    const bad = run('cli', [media('dog.jpg'), '--model', notModel])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(new RegExp(`^detect: cannot load ONNX model ${notModel}: `))

    // a PATH with node and nothing else (ffmpeg sits beside node in /usr/bin here)
    const bin = join(tmp, 'bin')
    mkdirSync(bin)
    symlinkSync(process.execPath, join(bin, 'node'))
    const noFfmpeg = run('cli', [media('dog.jpg')], { ...process.env, PATH: bin })
    expect(noFfmpeg.code).toBe(2)
    expect(noFfmpeg.stderr).toContain('ffprobe is not installed or not on PATH')
  })
})

describe('npm run models:fetch', () => {
  it('copies the shared model into a models folder, replacing a corrupt file, and checks its sha256', () => {
    const dir = join(tmp, 'models')
    const first = run('fetch-models', ['--dir', dir])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`yolox_nano: copied from`)
    expect(statSync(join(dir, 'yolox_nano.onnx')).size).toBe(
      statSync(join(app, '../../../shared/models/yolox_nano.onnx')).size,
    )
    const again = run('fetch-models', ['--dir', dir])
    expect(again.stdout).toContain(`yolox_nano: present, sha256 ok (${join(dir, 'yolox_nano.onnx')})`)

    writeFileSync(join(dir, 'yolox_nano.onnx'), 'truncated')
    const repaired = run('fetch-models', ['--dir', dir])
    expect(repaired.code).toBe(0)
    expect(repaired.stdout).toMatch(
      /yolox_nano: .*yolox_nano\.onnx has sha256 [0-9a-f]{64}, expected e8af0749/,
    )
    expect(repaired.stdout).toContain('yolox_nano: copied from')
  })
})
