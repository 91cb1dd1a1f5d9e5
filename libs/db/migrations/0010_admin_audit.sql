-- Every configuration change (cameras, sensors, rules, users): who, when, what and from where.
-- Alerts keep their own trail (alert_events, tied to the alert); configuration items may be
-- deleted (rules) and their trail must outlive them, so it has no foreign key.
create table if not exists config_audit (
  id          bigserial primary key,
  item_type   text not null check (item_type in ('camera', 'sensor', 'rule', 'user')),
  item_id     text not null,
  action      text not null,
  actor       text not null,
  at          timestamptz not null default now(),
  ip          text,
  user_agent  text,
  detail      jsonb not null default '{}'
);
create index if not exists config_audit_item on config_audit (item_type, item_id, id desc);
