// A wall-clock time painted into a video frame as a grid of large black and white blocks, so that
// whoever finally shows the frame (a browser at the end of the whole camera path) can read when it
// was captured. The simulator's clock camera paints it; the glass-to-glass test reads it back.
// Blocks this large survive H.264 at any sane bitrate and any scaling down to a few pixels a block.
//
// Cells, row-major: 4 guard bits, the time in ms modulo 2^32 (32 bits, most significant first),
// its CRC-8 (8 bits), 4 more guard bits. A frame whose blocks are not clearly black or white, whose
// guards differ or whose CRC fails (a frame half-decoded, blended or of another source) is rejected.

export const CLOCK_CODE_COLUMNS = 8
export const CLOCK_CODE_ROWS = 6

const GUARD_START = [1, 0, 1, 0]
const GUARD_END = [0, 1, 0, 1]
const TIME_BITS = 32
const CRC_BITS = 8
const CELLS = CLOCK_CODE_COLUMNS * CLOCK_CODE_ROWS
const WRAP = 2 ** 32

/** Levels (0-255) between these two are neither black nor white: the frame is not trusted. */
const BLACK_BELOW = 64
const WHITE_ABOVE = 192

/** CRC-8, polynomial 0x07 (ATM HEC), over the time's 4 bytes. */
export function crc8(bytes: ArrayLike<number>): number {
  let crc = 0
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i]! & 0xff
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff
  }
  return crc
}

function timeBytes(code: number): number[] {
  return [code >>> 24, (code >>> 16) & 0xff, (code >>> 8) & 0xff, code & 0xff]
}

function toBits(value: number, count: number): number[] {
  const bits: number[] = []
  for (let i = count - 1; i >= 0; i--) bits.push(Math.floor(value / 2 ** i) % 2)
  return bits
}

/** The cells' bits (1 = white) for a time in ms; only the time modulo 2^32 is kept. */
export function clockCodeBits(ms: number): number[] {
  const code = ((Math.floor(ms) % WRAP) + WRAP) % WRAP
  return [
    ...GUARD_START,
    ...toBits(code, TIME_BITS),
    ...toBits(crc8(timeBytes(code)), CRC_BITS),
    ...GUARD_END,
  ]
}

/** A gray (1 byte a pixel) frame of `width` x `height` showing the code of `ms`. */
export function paintClockCode(ms: number, width: number, height: number): Uint8Array {
  const bits = clockCodeBits(ms)
  const frame = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const row = Math.min(CLOCK_CODE_ROWS - 1, Math.floor((y * CLOCK_CODE_ROWS) / height))
    for (let column = 0; column < CLOCK_CODE_COLUMNS; column++) {
      if (!bits[row * CLOCK_CODE_COLUMNS + column]) continue
      const x0 = Math.floor((column * width) / CLOCK_CODE_COLUMNS)
      const x1 = Math.floor(((column + 1) * width) / CLOCK_CODE_COLUMNS)
      frame.fill(255, y * width + x0, y * width + x1)
    }
  }
  return frame
}

/**
 * Mean level of the middle half of each cell of a gray frame, row-major: what `readClockCode`
 * reads. The edges of a cell are left out, where the encoder smears black into white. `step`
 * samples every n-th pixel each way (a cell holds thousands).
 */
export function clockCellMeans(gray: ArrayLike<number>, width: number, height: number, step = 1): number[] {
  const cellW = width / CLOCK_CODE_COLUMNS
  const cellH = height / CLOCK_CODE_ROWS
  const means: number[] = []
  for (let row = 0; row < CLOCK_CODE_ROWS; row++)
    for (let column = 0; column < CLOCK_CODE_COLUMNS; column++) {
      let sum = 0
      let count = 0
      for (let y = Math.round((row + 0.25) * cellH); y < (row + 0.75) * cellH; y += step)
        for (let x = Math.round((column + 0.25) * cellW); x < (column + 0.75) * cellW; x += step) {
          sum += gray[y * width + x]!
          count++
        }
      means.push(sum / count)
    }
  return means
}

/**
 * The time (ms modulo 2^32) read from the mean level of each cell, row-major; null when any cell is
 * ambiguous, a guard is wrong or the CRC does not match.
 */
export function readClockCode(levels: ArrayLike<number>): number | null {
  if (levels.length !== CELLS) return null
  const bits: number[] = []
  for (let i = 0; i < CELLS; i++) {
    const level = levels[i]!
    if (level < BLACK_BELOW) bits.push(0)
    else if (level > WHITE_ABOVE) bits.push(1)
    else return null
  }
  const guardEnd = CELLS - GUARD_END.length
  if (GUARD_START.some((bit, i) => bits[i] !== bit)) return null
  if (GUARD_END.some((bit, i) => bits[guardEnd + i] !== bit)) return null
  const value = (from: number, count: number) =>
    bits.slice(from, from + count).reduce((acc, bit) => acc * 2 + bit, 0)
  const code = value(GUARD_START.length, TIME_BITS)
  const crc = value(GUARD_START.length + TIME_BITS, CRC_BITS)
  return crc === crc8(timeBytes(code)) ? code : null
}

/** How long after `code` (a read time, ms modulo 2^32) the moment `nowMs` is, across the wrap. */
export function clockCodeAge(code: number, nowMs: number): number {
  return (((Math.floor(nowMs) - code) % WRAP) + WRAP) % WRAP
}
