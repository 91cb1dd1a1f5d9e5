import { useEffect, type RefObject } from 'react'
import { sectionAfter, swipeOf } from '../logic/swipe.js'

// A section scrolled to sits its scroll-margin (kpi.css) below the top, a little under the tab bar.
const SETTLED_PX = 40

/**
 * A sideways swipe on `ref` scrolls to the next (leftwards) or previous section: the sections
 * (`#kpi-{id}`) are stacked, the current one is the last whose top has reached the sticky tab bar (or nearly).
 * A stroke that starts on the tab bar (which scrolls sideways itself) is left alone.
 */
export function useSectionSwipe(ref: RefObject<HTMLElement | null>, sections: readonly string[]): void {
  useEffect(() => {
    const el = ref.current
    if (!el) return
    let start: { x: number; y: number } | null = null
    const onStart = (e: TouchEvent) => {
      const t = e.touches[0]
      start =
        e.touches.length === 1 && t && !(e.target as Element).closest('.kpi-tabs')
          ? { x: t.clientX, y: t.clientY }
          : null
    }
    const onEnd = (e: TouchEvent) => {
      const t = e.changedTouches[0]
      if (!start || !t) return
      const swipe = swipeOf(start, { x: t.clientX, y: t.clientY })
      start = null
      if (!swipe) return
      const nodes = sections.map((id) => document.getElementById(`kpi-${id}`))
      const barBottom = el.querySelector('.kpi-tabs')?.getBoundingClientRect().bottom ?? 0
      const current = Math.max(
        0,
        nodes.findLastIndex((n) => n !== null && n.getBoundingClientRect().top <= barBottom + SETTLED_PX),
      )
      const target = document.getElementById(`kpi-${sectionAfter(sections, current, swipe)}`)
      target?.scrollIntoView({ behavior: 'smooth', block: 'start' })
    }
    el.addEventListener('touchstart', onStart, { passive: true })
    el.addEventListener('touchend', onEnd, { passive: true })
    return () => {
      el.removeEventListener('touchstart', onStart)
      el.removeEventListener('touchend', onEnd)
    }
  }, [ref, sections])
}
