-- A rule may escalate its alerts that nobody acknowledged in time (minutes after first seen, to a
-- severity or one step up); an alert is escalated once, and a repeat keeps the escalated severity.
alter table rules add column if not exists escalate_after_min double precision;
alter table rules add column if not exists escalate_to text;
alter table alerts add column if not exists escalated_at timestamptz;
-- what the escalation check scans every few seconds: the active, unacknowledged, unescalated alerts
create index if not exists alerts_escalation on alerts (rule_id) where status = 'active' and not acknowledged and escalated_at is null;
