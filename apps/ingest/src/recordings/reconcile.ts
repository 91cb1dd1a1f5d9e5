// At the ingest's start, before any camera records: what this instance was writing when it last
// stopped (a crash, a kill -9, a power cut) is made to agree with the disk. Each run with a segment
// still open in the index is finished as after a clean stop (segment-run.ts finishRun): torn
// segments sealed and closed, unreadable ones discarded with the reason, files never indexed
// indexed. Other replicas' open segments are theirs: they are being written now.
import { runNames, runOf } from './segment-names.js'
import { finishRun, type SegmentRunDeps } from './segment-run.js'

export interface Reconciled {
  runs: number
  sealed: number
  discarded: number
  forgotten: number
}

export async function reconcile(
  deps: Pick<SegmentRunDeps, 'repo' | 'storage' | 'ffmpeg' | 'writer' | 'log'>,
): Promise<Reconciled> {
  const total: Reconciled = { runs: 0, sealed: 0, discarded: 0, forgotten: 0 }
  const runs = new Map<string, { cameraId: string; launchMs: number }>()
  for (const row of await deps.repo.openOf(deps.writer)) {
    const run = runOf(row.file, deps.writer)
    if (run) runs.set(`${run.cameraId}/${run.launchMs}`, run)
    else await deps.repo.discard(row, 'not a file name this instance writes')
  }
  for (const { cameraId, launchMs } of runs.values()) {
    const counts = await finishRun(
      deps,
      runNames(cameraId, launchMs, deps.writer),
      cameraId,
      'recovered after its writer died',
    )
    total.runs++
    total.sealed += counts.sealed
    total.discarded += counts.discarded
    total.forgotten += counts.forgotten
  }
  return total
}
