// How segment files are named in the recordings storage: by camera, the UTC day a run (one ffmpeg
// launch) began, the run (its launch time and the writing instance) and the segment's number:
//   <camera>/<YYYY-MM-DD>/<launchMs>-<instance>-<000042>.mp4, and the run's list <...>/<launchMs>-<instance>.csv
// The instance in the name lets each ingest replica find what it left after a crash. Pure.

export interface RunNames {
  /** Folder of the run, relative to the storage. */
  dir: string
  /** `<launchMs>-<instance>`: every file of the run starts with it. */
  tag: string
  /** The ffmpeg segment list (CSV: file, start, end in the run's seconds). */
  list: string
  /** Prefix of the run's files relative to the storage (for the index). */
  prefix: string
}

/** Instance ids are [a-zA-Z0-9_.-] (IOC_INGEST_INSTANCE) or `ingest-<host>`: anything else becomes `_`. */
const safe = (text: string) => text.replace(/[^a-zA-Z0-9_.-]/g, '_')

export function runNames(cameraId: string, launchMs: number, instance: string): RunNames {
  const dir = `${cameraId}/${new Date(launchMs).toISOString().slice(0, 10)}`
  const tag = `${launchMs}-${safe(instance)}`
  return { dir, tag, list: `${dir}/${tag}.csv`, prefix: `${dir}/${tag}-` }
}

export function segmentFile(run: RunNames, index: number): string {
  return `${run.prefix}${String(index).padStart(6, '0')}.mp4`
}

/** ffmpeg's output pattern for the run's segments, under a storage path (a `%` there is escaped). */
export function segmentPattern(runDirPath: string, run: RunNames): string {
  return `${runDirPath.replace(/%/g, '%%')}/${run.tag}-%06d.mp4`
}

/** The number of a segment file name of the run (its base name), or null for another file. */
export function segmentIndex(run: RunNames, baseName: string): number | null {
  if (!baseName.startsWith(`${run.tag}-`)) return null
  const match = /^(\d{6,})\.mp4$/.exec(baseName.slice(run.tag.length + 1))
  return match ? Number(match[1]) : null
}

/** The run of a segment or list file (relative name), back from its name; null for other files. */
export function runOf(file: string, instance: string): { cameraId: string; launchMs: number } | null {
  const match = /^([^/]+)\/\d{4}-\d{2}-\d{2}\/(\d+)-(.+?)(?:-\d{6,}\.mp4|\.csv)$/.exec(file)
  if (!match || match[3] !== safe(instance)) return null
  return { cameraId: match[1]!, launchMs: Number(match[2]) }
}

export interface ListEntry {
  /** Base name of the segment. */
  name: string
  startS: number
  endS: number
}

/** Whole lines of ffmpeg's CSV segment list (`name,start,end`); a line being written is left out. */
export function parseSegmentList(text: string): ListEntry[] {
  const entries: ListEntry[] = []
  for (const line of text.split('\n').slice(0, -1)) {
    const match = /^"?([^",]+)"?,([\d.]+),([\d.]+)\s*$/.exec(line)
    if (match) entries.push({ name: match[1]!, startS: Number(match[2]), endS: Number(match[3]) })
  }
  return entries
}
