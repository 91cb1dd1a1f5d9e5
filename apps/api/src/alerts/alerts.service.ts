import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common'
import {
  canActOnAlert,
  canBeAssignedTo,
  canReadAlert,
  commonErrorCodes,
  type Alert,
  type AlertBulkAnswer,
  type AlertBulkBody,
  type AlertBulkResult,
  type AlertChanged,
  type AlertDetail,
  type AlertEvidenceKind,
  type AlertOperatorAction,
  type AlertReport,
  type AlertReportQuery,
  type AlertList,
  type AlertListQuery,
  type AlertsSinceResponse,
  type AlertStats,
  type AssignableUserList,
  type AlertStatsQuery,
  type AuthClaims,
  type RequestOrigin,
} from '@ioc/contracts'
import {
  AlertInputError,
  AlertNotFoundError,
  AlertsRepository,
  AlertStateError,
  type AlertKey,
  type Database,
  WebhookDeliveriesRepository,
  type RaiseInput,
} from '@ioc/db'
import { DATABASE } from '../database/database.module.js'
import { LiveService } from '../live/live.service.js'
import { EvidenceService } from './evidence/evidence.service.js'
import { reportOf } from './report/alert-report.js'

/** This module's error codes, beside the common ones (libs/contracts errors.ts). */
export const alertErrorCodes = {
  notFound: 'alert_not_found',
  stateConflict: 'alert_state_conflict',
  noSnapshot: 'alert_snapshot_not_found',
} as const

/** Most changes one `alerts:since` answer carries; beyond it the client reloads the list. */
export const SINCE_LIMIT = 500

export type OperatorAction = AlertOperatorAction

/**
 * The alert lifecycle. Rules raise and clear; people acknowledge, assign, comment and resolve when
 * their role covers the alert's domain (canActOnAlert). Every change is audited in the database
 * first and then pushed live with its sequence number.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('alerts')

  constructor(
    readonly repo: AlertsRepository,
    private readonly live: LiveService,
    @Inject(DATABASE) private readonly db: Database,
    private readonly evidence: EvidenceService,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  async raise(input: RaiseInput): Promise<AlertChanged> {
    return this.announce(await this.repo.raise(input))
  }

  /** A raise from an at-least-once stream (the rules): a moment already covered changes nothing. */
  async raiseOnce(input: RaiseInput): Promise<AlertChanged | null> {
    const change = await this.repo.raiseOnce(input)
    return change && this.announce(change)
  }

  async clear(key: AlertKey, at: Date, detail: Record<string, unknown>): Promise<AlertChanged | null> {
    const change = await this.repo.clear(key, at, detail)
    return change && this.announce(change)
  }

  /** A clear from an at-least-once stream: one older than the alert's last sighting is stale. */
  async clearOnce(key: AlertKey, at: Date, detail: Record<string, unknown>): Promise<AlertChanged | null> {
    const change = await this.repo.clearOnce(key, at, detail)
    return change && this.announce(change)
  }

  private announce(change: AlertChanged): AlertChanged {
    if (change.action === 'created')
      this.logger.log(
        `alert ${change.alert.id} ${change.alert.severity}: ${change.alert.title} (rule ${change.alert.ruleId})`,
      )
    this.live.alertChanged(change)
    return change
  }

  async act(user: AuthClaims, id: string, action: OperatorAction, origin: RequestOrigin): Promise<Alert> {
    const alert = await this.visible(user, id)
    if (!canActOnAlert(user, alert)) throw forbidden(user, alert)
    const actor = { username: user.username, origin }
    try {
      const change = await (action.kind === 'acknowledge'
        ? this.repo.acknowledge(id, actor)
        : action.kind === 'assign'
          ? this.repo.assign(id, action.assignee, actor, mayTake(action.assignee))
          : action.kind === 'comment'
            ? this.repo.comment(id, action.text, actor)
            : this.repo.resolve(id, action.note, actor))
      this.live.alertChanged(change)
      return change.alert
    } catch (err) {
      throw translate(err)
    }
  }

  /**
   * One action on many alerts, each checked as the single routes check it (visible, then the
   * caller's role and district, then the alert's state and the assignee); one write for all,
   * every change audited and pushed. Refusals are answered per id, never as a failed request.
   */
  async actMany(user: AuthClaims, body: AlertBulkBody, origin: RequestOrigin): Promise<AlertBulkAnswer> {
    const { action } = body
    let outcome
    try {
      outcome = await this.repo.changeMany(
        body.ids,
        action,
        { username: user.username, origin },
        (alert) =>
          !canReadAlert(user, alert)
            ? new AlertNotFoundError(alert.id)
            : canActOnAlert(user, alert)
              ? null
              : forbidden(user, alert),
        action.kind === 'assign' ? mayTake(action.assignee) : undefined,
      )
    } catch (err) {
      throw translate(err)
    }
    const items = body.ids.map((id): AlertBulkResult => {
      const result = outcome.get(id)
      if (result && !(result instanceof Error)) return { id, ok: true, alert: result.alert }
      return { id, ok: false, ...refusalOf(result ?? new AlertNotFoundError(id)) }
    })
    // Pushed in sequence order, as single changes would have been.
    const changes = [...outcome.values()].filter((r): r is AlertChanged => !(r instanceof Error))
    for (const change of changes.sort((a, b) => a.seq - b.seq)) this.live.alertChanged(change)
    const succeeded = items.filter((i) => i.ok).length
    return { items, succeeded, failed: items.length - succeeded }
  }

  /**
   * Who the alert may be assigned to (canBeAssignedTo: its domain, its district), for a caller who
   * may assign it: 404 for an alert they cannot see, 403 for one they cannot act on.
   */
  async assignableUsers(user: AuthClaims, id: string): Promise<AssignableUserList> {
    const alert = await this.visible(user, id)
    if (!canActOnAlert(user, alert)) throw forbidden(user, alert)
    const users = await this.db.users.listEnabled()
    return {
      items: users.filter((u) => canBeAssignedTo(u, alert)).map((u) => ({ id: u.id, username: u.username })),
    }
  }

  async list(user: AuthClaims, query: AlertListQuery): Promise<AlertList> {
    return this.repo.list(query, { district: user.district })
  }

  async detail(user: AuthClaims, id: string): Promise<AlertDetail> {
    const alert = await this.visible(user, id)
    const [events, evidence, webhooks] = await Promise.all([
      this.repo.events(id),
      this.evidence.list(user, alert),
      this.deliveries.list(id),
    ])
    return { alert, events, evidence, webhooks }
  }

  /**
   * A camera alert's kept picture, to those who may read the alert and watch its camera's kind;
   * 404 with the reason otherwise (the alert unknown to them, not a camera's, not theirs to see, none kept).
   */
  async snapshot(
    user: AuthClaims,
    id: string,
    kind: AlertEvidenceKind,
  ): Promise<{ jpeg: Buffer; takenAt: Date }> {
    const alert = await this.visible(user, id)
    const none = (why: string) =>
      new NotFoundException({
        code: alertErrorCodes.noSnapshot,
        message: `alert ${id} has no snapshot: ${why}`,
      })
    if (alert.sourceType !== 'camera') throw none(`it was raised by a ${alert.sourceType}, not a camera`)
    if (!this.evidence.maySee(user, alert)) throw none(`your role does not watch camera ${alert.sourceId}`)
    const kept = await this.evidence.jpeg(alert, kind)
    if (!kept)
      throw none(kind === 'raised' ? 'none was kept when it was raised' : 'none was kept of a repeat')
    return kept
  }

  async since(user: Pick<AuthClaims, 'district'>, sinceSeq: number): Promise<AlertsSinceResponse> {
    return this.repo.since(sinceSeq, SINCE_LIMIT, { district: user.district })
  }

  /** MTTA and MTTR over a period by domain, district or shift; district staff get their district's. */
  async report(user: Pick<AuthClaims, 'district'>, query: AlertReportQuery): Promise<AlertReport> {
    const cells = await this.repo.reportCells(new Date(query.from), new Date(query.to), {
      district: user.district,
    })
    return reportOf(cells, query)
  }

  /** District staff get their district's figures (and the province-wide alerts'). */
  stats(user: Pick<AuthClaims, 'district'>, query: AlertStatsQuery): Promise<AlertStats> {
    return this.repo.stats(query, { district: user.district })
  }

  /** The alert if the user may see it; staff of another district get the same 404 as a wrong id. */
  private async visible(user: AuthClaims, id: string): Promise<Alert> {
    const alert = await this.repo.get(id)
    if (!alert || !canReadAlert(user, alert)) throw translate(new AlertNotFoundError(id))
    return alert
  }
}

/** "traffic of Hội An may not act on security alerts of Hội An", for error bodies. */
function mayNotAct(who: Pick<AuthClaims, 'role' | 'district'>, alert: Alert): string {
  return `${who.role}${who.district ? ` of ${who.district}` : ''} may not act on ${alert.category} alerts${alert.district ? ` of ${alert.district}` : ''}`
}

function forbidden(user: AuthClaims, alert: Alert): ForbiddenException {
  return new ForbiddenException({
    code: commonErrorCodes.forbidden,
    message: `role ${mayNotAct(user, alert)}`,
  })
}

/** Why the alert may not go to `username` (null: it may), the rule of canBeAssignedTo. */
function mayTake(username: string | null) {
  return (assignee: Pick<AuthClaims, 'role' | 'district'>, alert: Alert): string | null =>
    canBeAssignedTo(assignee, alert) ? null : `${username} (${mayNotAct(assignee, alert)})`
}

/** The code and message the single-alert route would have answered for this refusal. */
function refusalOf(err: Error): { code: string; message: string } {
  const http = translate(err)
  if (!(http instanceof HttpException)) throw err
  const body = http.getResponse() as { code: string; message: string }
  return { code: body.code, message: body.message }
}

function translate(err: unknown): unknown {
  if (err instanceof AlertNotFoundError)
    return new NotFoundException({ code: alertErrorCodes.notFound, message: err.message })
  if (err instanceof AlertStateError)
    return new ConflictException({ code: alertErrorCodes.stateConflict, message: err.message })
  if (err instanceof AlertInputError)
    return new BadRequestException({
      code: commonErrorCodes.validation,
      message: `${err.path}: ${err.message}`,
      details: [{ path: err.path, message: err.message }],
    })
  return err
}
