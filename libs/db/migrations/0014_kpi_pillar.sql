-- The pillar of the national digital transformation programme a plan KPI measures (digital
-- government, economy, society); null for an index over all three. The catalog seed sets it at
-- every start; rows of KPIs the catalog no longer holds keep null.
alter table kpis add column if not exists pillar text
  check (pillar in ('digital_government', 'digital_economy', 'digital_society'));
