import { useMutation } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { alertSchema, type Alert, type AlertChanged } from '@ioc/contracts'
import { formatAgo, formatTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useApi } from '../../shell/services.js'
import { useSession } from '../../shell/session/use-session.js'
import { useAlertChanges } from '../../shell/socket/hooks/use-alert-changes.js'
import { useCameraStatus } from '../../shell/socket/hooks/use-camera-status.js'
import { severityColors, toCss } from '../map/colors.js'
import { ProvinceMap } from '../map/ProvinceMap.js'
import { LoneCameraTile } from '../video/CameraTile.js'
import { ackBlock } from './ack-rule.js'
import { useNow } from './AlertTicker.js'
import { alertsWallNs } from './i18n.js'
import {
  emptyPopupState,
  hide,
  onAlertChange,
  onTick,
  popupConfigFromSearch,
  shown,
  type PopupConfig,
  type PopupState,
} from './popup-logic.js'
import { onSoundBlockedChange, playAlertSound, soundBlocked, unlockSound } from './sound.js'
import { placeOf, useAlertSources } from './use-alert-sources.js'
import './alerts.css'

type Action =
  | { kind: 'change'; change: AlertChanged; now: number }
  | { kind: 'tick'; now: number }
  | { kind: 'hide'; id: string }

interface Model {
  popup: PopupState
  /** Bumped each time a sound is due; the effect below plays it. */
  sounds: number
  soundSeverity: Alert['severity']
}

function reducer(config: PopupConfig) {
  return (model: Model, action: Action): Model => {
    if (action.kind === 'hide') return { ...model, popup: hide(model.popup, action.id) }
    const step =
      action.kind === 'change'
        ? onAlertChange(model.popup, action.change, action.now, config)
        : onTick(model.popup, action.now, config)
    if (step.state === model.popup && !step.sound) return model
    const top = shown(step.state).alert ?? step.state.pending[0]?.alert
    return {
      popup: step.state,
      sounds: model.sounds + (step.sound ? 1 : 0),
      soundSeverity: step.sound && top ? top.severity : model.soundSeverity,
    }
  }
}

const TICK_MS = 5_000

export interface AlertPopupProps {
  /** Which severities pop up and how often unacknowledged ones sound again; default from the URL. */
  config?: PopupConfig
}

/**
 * A new critical or major alert, forced in front of the wall with its place on a small map, its
 * camera live when it has one, and a sound that repeats until someone acknowledges it.
 */
export function AlertPopup({ config: given }: AlertPopupProps) {
  const config = useMemo(() => given ?? popupConfigFromSearch(window.location.search), [given])
  const reduce = useMemo(() => reducer(config), [config])
  const [model, dispatch] = useReducer(reduce, {
    popup: emptyPopupState,
    sounds: 0,
    soundSeverity: 'critical',
  })

  useAlertChanges((change) => dispatch({ kind: 'change', change, now: Date.now() }))
  useEffect(() => {
    const id = setInterval(() => dispatch({ kind: 'tick', now: Date.now() }), TICK_MS)
    return () => clearInterval(id)
  }, [])
  useEffect(() => {
    if (model.sounds > 0) void playAlertSound(model.soundSeverity)
  }, [model.sounds, model.soundSeverity])

  const [blocked, setBlocked] = useState(false)
  useEffect(() => {
    setBlocked(soundBlocked())
    return onSoundBlockedChange(setBlocked)
  }, [])

  const { alert, waiting } = shown(model.popup)
  return (
    <>
      {blocked && (
        <button type="button" className="sound-blocked" onClick={unlockSound} data-testid="sound-blocked">
          {/* a user gesture is what lets the browser start audio */}
          <AlertsText k="soundBlocked" />
        </button>
      )}
      {alert && (
        <PopupCard
          key={alert.id}
          alert={alert}
          waiting={waiting}
          onHide={() => dispatch({ kind: 'hide', id: alert.id })}
        />
      )}
    </>
  )
}

function AlertsText({ k }: { k: 'soundBlocked' }) {
  const { t } = useTranslation(alertsWallNs)
  return <>{t(k)}</>
}

/**
 * False until the pop-up has been on screen for a moment: its text, sound and buttons come first,
 * the small map and the live camera (a WebGL context and a player, slow to start on a wall PC
 * without a GPU) after it.
 */
function useShownFor(ms: number): boolean {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    const id = setTimeout(() => setShown(true), ms)
    return () => clearTimeout(id)
  }, [ms])
  return shown
}

function PopupCard({ alert, waiting, onHide }: { alert: Alert; waiting: number; onHide: () => void }) {
  const { t } = useTranslation(alertsWallNs)
  const mediaStarts = useShownFor(400)
  const { locale } = useLocale()
  const api = useApi()
  const { user, state } = useSession()
  const sources = useAlertSources()
  const statuses = useCameraStatus()
  const now = useNow(5_000)
  const block = user ? ackBlock(user, alert) : { kind: 'leader' as const }
  const ack = useMutation({
    mutationFn: () => api.post(`/api/alerts/${encodeURIComponent(alert.id)}/ack`, {}, alertSchema),
  })
  const place = placeOf(alert, sources)
  const camera = alert.sourceType === 'camera' ? sources.cameras.get(alert.sourceId) : undefined
  const where = camera ?? (alert.sourceType !== 'system' ? sources.devices.get(alert.sourceId) : undefined)
  const token = state.kind === 'active' ? state.session.accessToken : ''
  const colour = toCss(severityColors[alert.severity])
  const reason = useCallback(() => {
    if (!block) return null
    return block.kind === 'district'
      ? t('cannotAct.district', { district: block.district })
      : t(`cannotAct.${block.kind}`)
  }, [block, t])

  return (
    <div
      className="alert-popup"
      role="alertdialog"
      aria-labelledby="alert-popup-title"
      data-testid="alert-popup"
      data-alert-id={alert.id}
      data-severity={alert.severity}
    >
      <div className="alert-popup__card" style={{ borderColor: colour }}>
        <header className="alert-popup__head" style={{ background: colour }}>
          <span className="alert-popup__sev">{t(`severity.${alert.severity}`)}</span>
          <span className="alert-popup__new">{t('newAlert')}</span>
          {waiting > 0 && <span className="alert-popup__waiting">{t('waiting', { count: waiting })}</span>}
        </header>
        <div className="alert-popup__body">
          <div className="alert-popup__text">
            <h2 id="alert-popup-title" className="alert-popup__title">
              {t(`sub.${alert.subCategory}`)}
            </h2>
            <p className="alert-popup__detail">{alert.title}</p>
            <dl className="alert-popup__facts">
              <dt>{t('place')}</dt>
              <dd data-testid="alert-popup-place">{place || t('wholeProvince')}</dd>
              <dt>{t('firstSeen')}</dt>
              <dd>
                {formatTime(locale, alert.firstSeen)} · {formatAgo(locale, alert.firstSeen, now)}
              </dd>
            </dl>
            {alert.count > 1 && <p className="alert-popup__count">{t('count', { count: alert.count })}</p>}
          </div>
          <div className="alert-popup__media">
            {!mediaStarts ? null : camera ? (
              <div className="alert-popup__video">
                <LoneCameraTile
                  camera={camera}
                  state={statuses.get(camera.id)?.state ?? camera.status?.state ?? null}
                  token={token}
                  large
                  showZones={false}
                />
              </div>
            ) : (
              <div className="alert-popup__novideo">{t('noCamera')}</div>
            )}
            {mediaStarts && where && (
              <div className="alert-popup__map">
                <ProvinceMap name="popup" compact focus={{ lon: where.lon, lat: where.lat, zoom: 12 }} />
              </div>
            )}
          </div>
        </div>
        <footer className="alert-popup__actions">
          {ack.error && (
            <span className="alert-popup__error" role="alert">
              {t('ackFailed', { reason: ack.error.message })}
            </span>
          )}
          {block && (
            <span className="alert-popup__reason" data-testid="ack-reason">
              {reason()}
            </span>
          )}
          <button type="button" className="alert-popup__later" onClick={onHide}>
            {t('later')}
          </button>
          <button
            type="button"
            className="alert-popup__ack"
            disabled={block !== null || ack.isPending}
            title={reason() ?? undefined}
            onClick={() => {
              unlockSound()
              ack.mutate()
            }}
          >
            {ack.isPending ? t('acking') : t('ack')}
          </button>
        </footer>
      </div>
    </div>
  )
}
