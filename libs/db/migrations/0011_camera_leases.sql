-- Ingest replicas and the cameras each one pulls (docs/decisions.md, "Camera leases").
-- A replica writes its heartbeat every claim round; replicas with a fresh heartbeat are the live ones
-- that share the cameras. A lease names the one replica allowed to pull a camera until expires_at
-- (server time): renewed by its holder, taken by another only once expired, deleted with the camera.
create table if not exists ingest_replicas (
  id            text primary key,
  started_at    timestamptz not null default now(),
  heartbeat_at  timestamptz not null default now()
);

create table if not exists camera_leases (
  camera_id     text primary key references cameras (id) on delete cascade,
  holder        text not null,
  acquired_at   timestamptz not null default now(),
  expires_at    timestamptz not null
);
create index if not exists camera_leases_holder on camera_leases (holder);
