// Checks the shipped YOLOX-Nano graph against what decodeYolox assumes. Reading the file is the
// test's business; the library itself stays free of I/O.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { anchorCount } from '../src/index.js'
import { readOnnxGraph } from './onnx-graph.js'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

const modelPath = join(repoRoot, '../shared/models/yolox_nano.onnx')

describe('shared/models/yolox_nano.onnx', () => {
  const g = readOnnxGraph(readFileSync(modelPath))

  it('takes images 1x3x416x416 and gives output 1x3549x85', () => {
    expect(g.inputs.get('images')).toEqual([1, 3, 416, 416])
    expect(g.outputs.get('output')).toEqual([1, anchorCount(416), 85])
    expect(anchorCount(416)).toBe(3549)
  })

  it('sigmoids objectness and class scores but not the box offsets, heads in stride order 8, 16, 32', () => {
    const transpose = g.producer('output')!
    expect(transpose.op).toBe('Transpose')
    expect(transpose.attributes.get('perm')?.ints).toEqual([0, 2, 1])
    const levels = g.producer(transpose.inputs[0]!)!
    expect(levels.op).toBe('Concat')
    expect(levels.attributes.get('axis')?.i).toBe(2)
    expect(levels.inputs).toHaveLength(3)

    levels.inputs.forEach((flat, head) => {
      const reshape = g.producer(flat)!
      expect(reshape.op).toBe('Reshape')
      const perHead = g.producer(reshape.inputs[0]!)!
      expect(perHead.op).toBe('Concat')
      expect(perHead.attributes.get('axis')?.i).toBe(1)
      const [reg, obj, cls] = perHead.inputs.map((t) => g.producer(t)!)
      // Channels 0..3: the raw regression conv, no activation.
      expect(reg!.op).toBe('Conv')
      expect(reg!.inputs[1]).toBe(`head.reg_preds.${head}.weight`)
      expect(g.initializerDims.get(reg!.inputs[1]!)?.[0]).toBe(4)
      // Channel 4 and 5..84: a Sigmoid over the objectness / class conv.
      for (const [node, name, channels] of [
        [obj!, 'obj', 1],
        [cls!, 'cls', 80],
      ] as const) {
        expect(node.op).toBe('Sigmoid')
        const conv = g.producer(node.inputs[0]!)!
        expect(conv.op).toBe('Conv')
        expect(conv.inputs[1]).toBe(`head.${name}_preds.${head}.weight`)
        expect(g.initializerDims.get(conv.inputs[1]!)?.[0]).toBe(channels)
      }
    })
  })
})
