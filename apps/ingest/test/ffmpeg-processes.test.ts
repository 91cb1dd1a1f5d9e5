import { describe, expect, it } from 'vitest'
import { FfmpegProcesses } from '../src/cameras/ffmpeg-processes.js'

describe('FfmpegProcesses', () => {
  it('kills a process even when asked before fluent-ffmpeg has spawned it', async () => {
    const owner = new FfmpegProcesses()
    const run = owner.start({
      input: 'testsrc=size=64x64:rate=5',
      inputOptions: ['-f', 'lavfi', '-re'],
      outputs: [{ target: 'pipe', options: ['-f', 'rawvideo', '-pix_fmt', 'bgr24'] }],
    })
    run.kill()
    expect(await run.exited).toEqual({ error: null })
    expect(owner.count).toBe(0)
  })

  it('reports how ffmpeg failed', async () => {
    const owner = new FfmpegProcesses()
    const run = owner.start({
      input: '/nonexistent/clip.mp4',
      inputOptions: [],
      outputs: [{ target: 'pipe', options: ['-f', 'null'] }],
    })
    const lines: string[] = []
    run.onStderrLine((line) => lines.push(line))
    const exit = await run.exited
    expect(exit.error).toMatch(/No such file or directory/)
    expect(lines.join('\n')).toMatch(/No such file or directory/)
  })
})
