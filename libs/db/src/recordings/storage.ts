// Where recording segments live, behind one class: the ingest's ffmpeg writes into it, the ingest's
// retention deletes from it, the api cuts clips from it. Today a directory (IOC_RECORDINGS_DIR) that
// every ingest replica and the api reach (a local disk for one node, NFS or similar for several);
// an S3-compatible store would be another implementation of this interface (writers uploading
// closed segments, readers fetching them), the index (recording_segments) unchanged.
import { mkdir, readdir, rm, stat, statfs } from 'node:fs/promises'
import { resolve, sep } from 'node:path'

export interface RecordingStorage {
  /** For logs and health: what and where. */
  readonly description: string
  /** A path ffmpeg reads or writes for `file` (relative to the store's root). */
  path(file: string): string
  /** Makes a folder (relative) ready for writing. */
  prepare(dir: string): Promise<void>
  /** Bytes of a file, null when it is not there. */
  size(file: string): Promise<number | null>
  /** Deletes a file; a file already gone is not an error. */
  remove(file: string): Promise<void>
  /** Names (not paths) in a folder (relative); empty when it does not exist. */
  list(dir: string): Promise<string[]>
  /** Free and total bytes of the disk holding the store. */
  space(): Promise<{ freeBytes: number; totalBytes: number }>
}

export class DirectoryRecordingStorage implements RecordingStorage {
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  get description(): string {
    return `directory ${this.root}`
  }

  /** Refuses names that would leave the root (`..`, absolute paths): the index holds relative names. */
  path(file: string): string {
    const full = resolve(this.root, file)
    if (full !== this.root && !full.startsWith(this.root + sep))
      throw new Error(`recording file outside the store: ${file}`)
    return full
  }

  async prepare(dir: string): Promise<void> {
    await mkdir(this.path(dir), { recursive: true })
  }

  async size(file: string): Promise<number | null> {
    const info = await stat(this.path(file)).catch(() => null)
    return info?.isFile() ? info.size : null
  }

  async remove(file: string): Promise<void> {
    await rm(this.path(file), { force: true })
  }

  async list(dir: string): Promise<string[]> {
    return readdir(this.path(dir)).catch(() => [])
  }

  async space(): Promise<{ freeBytes: number; totalBytes: number }> {
    await mkdir(this.root, { recursive: true })
    const fs = await statfs(this.root)
    return { freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize }
  }
}
