// Just enough of a protobuf reader to see an ONNX model's graph (nodes, tensor shapes) without
// onnxruntime: libs/vision must not depend on it, yet its decoder rests on what the graph does.
// Field numbers are from onnx.proto (ModelProto.graph = 7, GraphProto.node = 1, ...).

export interface OnnxNode {
  op: string
  inputs: string[]
  outputs: string[]
  attributes: Map<string, { i?: number; ints: number[] }>
}

export interface OnnxGraph {
  nodes: OnnxNode[]
  initializerDims: Map<string, number[]>
  inputs: Map<string, (number | string)[]>
  outputs: Map<string, (number | string)[]>
  /** The node whose output is the named tensor. */
  producer(tensor: string): OnnxNode | undefined
}

interface Field {
  no: number
  varint?: bigint
  start: number
  end: number
}

function* fields(b: Uint8Array, start: number, end: number): Generator<Field> {
  let i = start
  const varint = (): bigint => {
    let r = 0n
    let shift = 0n
    for (;;) {
      const x = b[i++]!
      r |= BigInt(x & 0x7f) << shift
      shift += 7n
      if ((x & 0x80) === 0) return r
    }
  }
  while (i < end) {
    const key = Number(varint())
    const no = key >> 3
    const wire = key & 7
    if (wire === 0) yield { no, varint: varint(), start: i, end: i }
    else if (wire === 2) {
      const n = Number(varint())
      yield { no, start: i, end: i + n }
      i += n
    } else if (wire === 1) {
      yield { no, start: i, end: i + 8 }
      i += 8
    } else if (wire === 5) {
      yield { no, start: i, end: i + 4 }
      i += 4
    } else throw new Error(`unsupported protobuf wire type ${wire}`)
  }
}

const text = (b: Uint8Array, f: Field) => new TextDecoder().decode(b.subarray(f.start, f.end))

/** Repeated int64 written packed (one length-delimited field) or one varint per value. */
function int64s(b: Uint8Array, f: Field): number[] {
  if (f.varint !== undefined) return [Number(BigInt.asIntN(64, f.varint))]
  return [...fields(packedAsVarints(b, f), 0, f.end - f.start)].map((x) =>
    Number(BigInt.asIntN(64, x.varint!)),
  )
}

// Packed varints have no keys; prefix each with key 0x08 so the field reader can walk them.
function packedAsVarints(b: Uint8Array, f: Field): Uint8Array {
  const out: number[] = []
  let startOfValue = true
  for (let i = f.start; i < f.end; i++) {
    if (startOfValue) out.push(0x08)
    out.push(b[i]!)
    startOfValue = (b[i]! & 0x80) === 0
  }
  return Uint8Array.from(out)
}

function shapeOf(b: Uint8Array, valueInfo: Field): { name: string; dims: (number | string)[] } {
  let name = ''
  const dims: (number | string)[] = []
  for (const f of fields(b, valueInfo.start, valueInfo.end)) {
    if (f.no === 1) name = text(b, f)
    if (f.no !== 2) continue
    for (const tensorType of fields(b, f.start, f.end)) {
      if (tensorType.no !== 1) continue
      for (const shape of fields(b, tensorType.start, tensorType.end)) {
        if (shape.no !== 2) continue
        for (const dim of fields(b, shape.start, shape.end)) {
          for (const d of fields(b, dim.start, dim.end)) {
            if (d.no === 1) dims.push(Number(d.varint))
            if (d.no === 2) dims.push(text(b, d))
          }
        }
      }
    }
  }
  return { name, dims }
}

export function readOnnxGraph(b: Uint8Array): OnnxGraph {
  const graph = [...fields(b, 0, b.length)].find((f) => f.no === 7)
  if (!graph) throw new Error('no graph in ONNX model')
  const g: OnnxGraph = {
    nodes: [],
    initializerDims: new Map(),
    inputs: new Map(),
    outputs: new Map(),
    producer: (tensor) => g.nodes.find((n) => n.outputs.includes(tensor)),
  }
  for (const f of fields(b, graph.start, graph.end)) {
    if (f.no === 1) {
      const node: OnnxNode = { op: '', inputs: [], outputs: [], attributes: new Map() }
      for (const x of fields(b, f.start, f.end)) {
        if (x.no === 1) node.inputs.push(text(b, x))
        if (x.no === 2) node.outputs.push(text(b, x))
        if (x.no === 4) node.op = text(b, x)
        if (x.no === 5) {
          let name = ''
          const attr: { i?: number; ints: number[] } = { ints: [] }
          for (const a of fields(b, x.start, x.end)) {
            if (a.no === 1) name = text(b, a)
            if (a.no === 3) attr.i = Number(BigInt.asIntN(64, a.varint!))
            if (a.no === 8) attr.ints.push(...int64s(b, a))
          }
          node.attributes.set(name, attr)
        }
      }
      g.nodes.push(node)
    } else if (f.no === 5) {
      let name = ''
      const dims: number[] = []
      for (const x of fields(b, f.start, f.end)) {
        if (x.no === 1) dims.push(...int64s(b, x))
        if (x.no === 8) name = text(b, x)
      }
      g.initializerDims.set(name, dims)
    } else if (f.no === 11 || f.no === 12) {
      const { name, dims } = shapeOf(b, f)
      ;(f.no === 11 ? g.inputs : g.outputs).set(name, dims)
    }
  }
  return g
}
