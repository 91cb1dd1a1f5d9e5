import type { KpiView } from '@ioc/contracts'
import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { kpiNs } from '../i18n.js'
import { groupByPillar } from '../logic/pillar-groups.js'
import { groupByPlan } from '../logic/plan-groups.js'
import { useSectionSwipe } from '../state/use-section-swipe.js'
import { BehindList } from './BehindList.js'
import { KpiCard } from './KpiCard.js'
import { LiveCity } from './LiveCity.js'

const sections = ['behind', 'city', 'plans'] as const
const groupings = ['plan', 'pillar'] as const
type Grouping = (typeof groupings)[number]
const groupingKey = 'ioc.kpi.groupBy'

function storedGrouping(): Grouping {
  try {
    return localStorage.getItem(groupingKey) === 'pillar' ? 'pillar' : 'plan'
  } catch {
    return 'plan'
  }
}

/** The overview: who is behind, the live city, then every plan's KPIs; the tab bar or a sideways swipe moves between them. */
export function KpiOverview({ kpis, now }: { kpis: readonly KpiView[]; now: Date }) {
  const { t } = useTranslation(kpiNs)
  const { i18n } = useTranslation()
  // The shell's site name (the header's) in Vietnamese, as the plans name their province.
  const site = i18n.getFixedT('vi')('site')
  const root = useRef<HTMLDivElement>(null)
  useSectionSwipe(root, sections)
  const [grouping, setGrouping] = useState<Grouping>(storedGrouping)
  const groups = useMemo(() => {
    const byPlan = groupByPlan(kpis, site)
    if (grouping === 'plan') return byPlan.map((g) => ({ key: g.plan, title: g.plan, kpis: g.kpis }))
    // by pillar, the site's own plans still first within each pillar
    return groupByPillar(byPlan.flatMap((g) => g.kpis)).map((g) => ({
      key: g.pillar ?? 'all',
      title: t(`pillar.${g.pillar ?? 'all'}`),
      kpis: g.kpis,
    }))
  }, [kpis, site, grouping, t])
  const choose = (g: Grouping) => {
    setGrouping(g)
    try {
      localStorage.setItem(groupingKey, g)
    } catch {
      // a disabled storage only forgets the choice
    }
  }
  return (
    <div ref={root} className="kpi-overview" data-testid="kpi-overview">
      <nav className="kpi-tabs" aria-label={t('title')}>
        {sections.map((s) => (
          <a key={s} href={`#kpi-${s}`} className="kpi-tab">
            {t(`sections.${s}`)}
          </a>
        ))}
        <button type="button" className="kpi-tab kpi-tab--print" onClick={() => window.print()}>
          {t('print')}
        </button>
      </nav>
      <section id="kpi-behind" className="kpi-section" aria-labelledby="kpi-behind-title">
        <h2 id="kpi-behind-title">{t('sections.behind')}</h2>
        <BehindList kpis={kpis} />
      </section>
      <section id="kpi-city" className="kpi-section" aria-labelledby="kpi-city-title">
        <h2 id="kpi-city-title">{t('sections.city')}</h2>
        <LiveCity />
      </section>
      <section id="kpi-plans" className="kpi-section" aria-labelledby="kpi-plans-title">
        <div className="kpi-section__head">
          <h2 id="kpi-plans-title">{t('sections.plans')}</h2>
          <div className="kpi-groupby" role="group" aria-label={t('groupBy.label')}>
            {groupings.map((g) => (
              <button
                key={g}
                type="button"
                className="kpi-groupby__option"
                aria-pressed={grouping === g}
                data-testid={`kpi-groupby-${g}`}
                onClick={() => choose(g)}
              >
                {t(`groupBy.${g}`)}
              </button>
            ))}
          </div>
        </div>
        {groups.map((g) => (
          <div key={g.key} className="kpi-plan" data-testid="kpi-plan" data-group={g.key}>
            <h3 className="kpi-plan__title">{g.title}</h3>
            <div className="kpi-grid">
              {g.kpis.map((k) => (
                <KpiCard key={k.id} kpi={k} now={now} />
              ))}
            </div>
          </div>
        ))}
      </section>
    </div>
  )
}
