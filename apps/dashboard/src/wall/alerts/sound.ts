import type { AlertSeverity } from '@ioc/contracts'

declare global {
  interface Window {
    /** How many alert sounds this page has played: what the wall's browser test counts. */
    __iocSoundsPlayed?: number
  }
}

let context: AudioContext | null = null
const listeners = new Set<(blocked: boolean) => void>()

function audio(): AudioContext | null {
  if (context) return context
  const Ctor = window.AudioContext as typeof AudioContext | undefined
  if (!Ctor) return null
  context = new Ctor()
  context.onstatechange = () => listeners.forEach((l) => l(context?.state !== 'running'))
  return context
}

/** Whether the browser holds sound back until someone touches the page (autoplay policy). */
export function soundBlocked(): boolean {
  return (audio()?.state ?? 'running') !== 'running'
}

export function onSoundBlockedChange(listener: (blocked: boolean) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Called from a click: browsers start audio only after a user gesture (kiosks pass a flag instead). */
export function unlockSound(): void {
  void audio()?.resume()
}

// Two descending tones for critical, one for the rest: told apart without looking.
const tones: Record<AlertSeverity, number[]> = {
  critical: [988, 740, 988, 740],
  major: [880, 660],
  minor: [660],
  warning: [660],
  info: [520],
}

/**
 * The alarm, synthesised (no audio file to ship or fail to load). Counted in
 * `window.__iocSoundsPlayed` once the tones are actually scheduled on a running audio context.
 */
export async function playAlertSound(severity: AlertSeverity): Promise<boolean> {
  const ctx = audio()
  if (!ctx) return false
  if (ctx.state !== 'running') await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 300))])
  if (ctx.state !== 'running') return false
  const start = ctx.currentTime + 0.02
  tones[severity].forEach((frequency, i) => {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    osc.type = 'square'
    osc.frequency.value = frequency
    const t0 = start + i * 0.22
    gain.gain.setValueAtTime(0.0001, t0)
    gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.2)
    osc.connect(gain).connect(ctx.destination)
    osc.start(t0)
    osc.stop(t0 + 0.21)
  })
  window.__iocSoundsPlayed = (window.__iocSoundsPlayed ?? 0) + 1
  return true
}
