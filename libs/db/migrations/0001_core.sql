-- Relational tables: the same on TimescaleDB and plain PostgreSQL.

create table if not exists users (
  id            text primary key,
  username      text not null unique,
  password_hash text not null,
  role          text not null check (role in ('admin', 'operator', 'leader', 'traffic', 'security')),
  district      text,
  created_at    timestamptz not null default now()
);

create table if not exists devices (
  id            text primary key,
  kind          text not null,
  name          text not null,
  lat           double precision,
  lon           double precision,
  district      text,
  metrics       jsonb not null default '[]',
  -- MQTT credentials of the device; hashed, never returned by the api
  password_hash text,
  last_seen     timestamptz,
  online        boolean not null default false,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

create table if not exists cameras (
  id            text primary key,
  name          text not null,
  kind          text not null check (kind in ('traffic', 'security')),
  lat           double precision,
  lon           double precision,
  district      text,
  -- credentials are write-only: stored here, never in an answer, an event or a log
  rtsp_url      text not null,
  rtsp_username text,
  rtsp_password text,
  transport     text not null default 'auto' check (transport in ('tcp', 'udp', 'auto')),
  detect_fps    real not null default 5,
  model_id      text,
  zones         jsonb not null default '[]',
  lines         jsonb not null default '[]',
  enabled       boolean not null default true,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

create table if not exists rules (
  id            text primary key,
  name          text not null,
  kind          text not null,
  enabled       boolean not null default true,
  severity      text not null,
  category      text not null,
  sub_category  text,
  target        jsonb not null default '{}',
  params        jsonb not null default '{}',
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- Every alert change takes the next number, so a reconnecting client asks for what it missed.
create sequence if not exists alert_seq;

create table if not exists alerts (
  id            bigserial primary key,
  seq           bigint not null,
  source_type   text not null,
  source_id     text not null,
  rule_id       text not null,
  severity      text not null check (severity in ('critical', 'major', 'minor', 'warning', 'info')),
  status        text not null default 'active' check (status in ('active', 'cleared')),
  acknowledged  boolean not null default false,
  category      text not null,
  sub_category  text,
  district      text,
  title         text not null,
  description   text,
  count         integer not null default 1,
  first_seen    timestamptz not null,
  last_seen     timestamptz not null,
  assignee      text,
  ack_by        text,
  ack_at        timestamptz,
  cleared_at    timestamptz
);
-- one active alert per (source, rule): a repeat updates it instead of creating another
create unique index if not exists alerts_one_active on alerts (source_type, source_id, rule_id) where status = 'active';
create index if not exists alerts_seq on alerts (seq);

create table if not exists alert_events (
  seq       bigint primary key,
  alert_id  bigint not null references alerts (id) on delete cascade,
  action    text not null,
  actor     text not null,
  at        timestamptz not null default now(),
  origin    text,
  detail    jsonb not null default '{}'
);
create index if not exists alert_events_alert on alert_events (alert_id, seq);

create table if not exists kpis (
  id          text primary key,
  name_vi     text not null,
  name_en     text not null,
  unit        text not null,
  direction   text not null check (direction in ('at_least', 'at_most')),
  targets     jsonb not null default '[]',
  scope       text not null default 'province',
  source      text,
  created_at  timestamptz not null default now()
);

create table if not exists dead_letters (
  id            bigserial primary key,
  received_at   timestamptz not null default now(),
  topic         text not null,
  reason        text not null,
  detail        text not null,
  payload       bytea,
  payload_size  integer not null
);
create index if not exists dead_letters_received on dead_letters (received_at desc);
create index if not exists dead_letters_reason on dead_letters (reason, received_at desc);

-- Time series. Each primary key holds the time column, as TimescaleDB requires of hypertables,
-- and makes a redelivered reading a no-op instead of a duplicate.
create table if not exists sensor_readings (
  ts         timestamptz not null,
  device_id  text not null,
  metric     text not null,
  value      double precision not null,
  primary key (device_id, metric, ts)
);

create table if not exists camera_health (
  ts            timestamptz not null,
  camera_id     text not null,
  status        text not null,
  reason        text,
  fps_in        real,
  fps_out       real,
  bitrate_kbps  real,
  width         integer,
  height        integer,
  restarts      integer not null default 0,
  primary key (camera_id, ts)
);

create table if not exists detection_counts (
  ts         timestamptz not null,
  camera_id  text not null,
  label      text not null,
  direction  text not null default '',
  count      integer not null,
  primary key (camera_id, label, direction, ts)
);

create table if not exists detection_events (
  ts         timestamptz not null,
  camera_id  text not null,
  kind       text not null,
  zone_id    text,
  track_id   integer,
  label      text,
  detail     jsonb not null default '{}'
);

create table if not exists kpi_values (
  ts         timestamptz not null,
  kpi_id     text not null,
  period     text not null,
  scope      text not null default 'province',
  area       text not null default '',
  value      double precision not null,
  source     text,
  primary key (kpi_id, area, period, ts)
);
