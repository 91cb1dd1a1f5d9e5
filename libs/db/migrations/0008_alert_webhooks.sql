-- A rule's webhook ({url, secret}; the secret is never answered) and each delivery of an alert
-- change to it, with its attempts: what the alert's detail shows. Deleted with the alert.
alter table rules add column if not exists webhook jsonb;

create table if not exists alert_webhook_deliveries (
  id            bigserial primary key,
  alert_id      bigint not null references alerts (id) on delete cascade,
  seq           bigint not null,
  event         text not null check (event in ('alert.created', 'alert.escalated')),
  target        text not null,
  state         text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
  attempts      integer not null default 0,
  last_status   integer,
  last_error    text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index if not exists alert_webhook_deliveries_alert on alert_webhook_deliveries (alert_id, id);
