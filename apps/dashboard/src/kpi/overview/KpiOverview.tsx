import type { KpiView } from '@ioc/contracts'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { kpiNs } from '../i18n.js'
import { groupByPlan } from '../logic/plan-groups.js'
import { BehindList } from './BehindList.js'
import { KpiCard } from './KpiCard.js'
import { LiveCity } from './LiveCity.js'

const sections = ['behind', 'city', 'plans'] as const

/** The overview: who is behind, the live city, then every plan's KPIs; a tab bar jumps between them. */
export function KpiOverview({ kpis, now }: { kpis: readonly KpiView[]; now: Date }) {
  const { t } = useTranslation(kpiNs)
  const { i18n } = useTranslation()
  // The shell's site name (the header's) in Vietnamese, as the plans name their province.
  const site = i18n.getFixedT('vi')('site')
  const groups = useMemo(() => groupByPlan(kpis, site), [kpis, site])
  return (
    <>
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
        <h2 id="kpi-plans-title">{t('sections.plans')}</h2>
        {groups.map((g) => (
          <div key={g.plan} className="kpi-plan" data-testid="kpi-plan">
            <h3 className="kpi-plan__title">{g.plan}</h3>
            <div className="kpi-grid">
              {g.kpis.map((k) => (
                <KpiCard key={k.id} kpi={k} now={now} />
              ))}
            </div>
          </div>
        ))}
      </section>
    </>
  )
}
