-- A delivery waiting for its next attempt is held by the api replica making the attempts
-- (claimed_by, until claimed_until, renewed before each attempt); when that replica stops or dies,
-- another one (or the same one, restarted) takes it over once the claim has lapsed and sends the
-- same bytes (body) again.
alter table alert_webhook_deliveries add column if not exists body text;
alter table alert_webhook_deliveries add column if not exists claimed_by text;
alter table alert_webhook_deliveries add column if not exists claimed_until timestamptz;
create index if not exists alert_webhook_deliveries_pending on alert_webhook_deliveries (claimed_until) where state = 'pending';
