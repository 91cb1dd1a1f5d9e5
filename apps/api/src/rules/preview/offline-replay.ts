import type { Rule } from '@ioc/contracts'
import type { DeviceSeen, RulesEngine, Signal } from '../evaluators/rules-engine.js'
import type { SourceInfo } from '../evaluators/target.js'

interface Heard {
  source: SourceInfo
  last: number
}

/**
 * An offline rule over the moments devices were heard (their stored readings): the statuses the
 * ingest would have published, put to the engine's own offline check (RulesEngine.offlineSignals,
 * which decides who is offline) at the moments they change, rather than every few seconds as the
 * runtime does. Device statuses are not stored; their readings' timestamps are.
 *
 * A device silent for longer than the rule's `afterSeconds` raises at the first moment the engine
 * counts it offline (1 ms past `afterSeconds`: strictly longer), and clears at its next reading.
 * As for any rule, the replay starts with the window: a device already silent that long at its
 * start raises at the start; one never heard raises nothing (not in service yet).
 */
export class OfflineReplay {
  // Devices heard within afterSeconds, in the order last heard: the first is the next to go silent.
  private readonly online = new Map<string, Heard>()
  private readonly offline = new Map<string, Heard>()
  private readonly afterMs: number
  private readonly none: ReadonlyMap<string, ReadonlySet<string>>

  constructor(
    private readonly engine: RulesEngine,
    private readonly rule: Extract<Rule, { kind: 'offline' }>,
    private readonly from: number,
    private readonly emit: (signals: readonly Signal[]) => void,
  ) {
    this.afterMs = rule.params.afterSeconds * 1000
    this.none = new Map([[rule.id, new Set<string>()]])
  }

  /**
   * A device heard at `ts`, in time order: what fell silent before is raised first, then this
   * device, if it was offline, is cleared. Readings of before the window (its last one, per
   * device) come first, oldest first.
   */
  heard(source: SourceInfo, ts: number): void {
    this.advance(ts)
    if (this.offline.delete(source.id))
      this.emit(
        this.engine.offlineSignals(
          [this.seen(source, true, ts)],
          new Map([[this.rule.id, new Set([source.id])]]),
          ts,
        ),
      )
    this.online.delete(source.id)
    this.online.set(source.id, { source, last: ts })
  }

  /** Raises every device silent for longer than the rule allows by `now` (the window's end, at last). */
  advance(now: number): void {
    for (const [id, { source, last }] of this.online) {
      const at = Math.max(last + this.afterMs + 1, this.from)
      if (at > now) break
      this.online.delete(id)
      this.offline.set(id, { source, last })
      this.emit(this.engine.offlineSignals([this.seen(source, false, last)], this.none, at))
    }
  }

  private seen(source: SourceInfo, online: boolean, last: number): DeviceSeen {
    const lastSeen = new Date(last).toISOString()
    return { ...source, status: { online, lastSeen, ts: lastSeen } }
  }
}
