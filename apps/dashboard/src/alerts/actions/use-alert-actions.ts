import { useMutation } from '@tanstack/react-query'
import type { AlertOperatorAction } from '@ioc/contracts'
import { useServices } from '../../shell/services.js'
import type { ActionKind } from './action-plan.js'
import { auditAction, sendAction, summarise, wireKind } from './send-action.js'

export type ActionPayload =
  | { kind: 'ack' }
  | { kind: 'assign'; assignee: string | null }
  | { kind: 'comment'; text: string }
  | { kind: 'resolve'; note?: string }

export interface ActionRun {
  kind: ActionKind
  total: number
  ok: number
  failures: { message: string; count: number }[]
}

function toWire(payload: ActionPayload): AlertOperatorAction {
  switch (payload.kind) {
    case 'assign':
      return { kind: wireKind.assign, assignee: payload.assignee }
    case 'comment':
      return { kind: wireKind.comment, text: payload.text }
    case 'resolve':
      return payload.note ? { kind: wireKind.resolve, note: payload.note } : { kind: wireKind.resolve }
    default:
      return { kind: wireKind.ack }
  }
}

/**
 * Sends an action for the alerts its plan allows. The answers go into the shared store at once
 * (the socket brings the same changes a moment later, and the store keeps whichever is newer).
 */
export function useAlertActions() {
  const { api, live } = useServices()
  return useMutation({
    mutationFn: async ({
      payload,
      ids,
    }: {
      payload: ActionPayload
      ids: readonly string[]
    }): Promise<ActionRun> => {
      const wire = toWire(payload)
      const outcome = await sendAction(api, wire, ids)
      const { changed, failures } = summarise(outcome)
      for (const alert of changed)
        live.alerts.applyChange({ seq: alert.seq, action: auditAction[wire.kind], alert }, false)
      return { kind: payload.kind, total: ids.length, ok: changed.length, failures }
    },
  })
}
