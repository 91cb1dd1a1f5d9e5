-- Recordings: each camera's recording mode and retention (contracts' cameraRecordingSchema), and the
-- index of the segments its ffmpeg writes (stream copy, a few seconds each) into the recordings
-- storage. A segment is `open` while ffmpeg writes it, `closed` once whole (by ffmpeg, or by the
-- ingest's reconciliation after a crash), `discarded` when it could not be kept (`reason` says why;
-- its file is gone). `file` is relative to the storage's root; `writer` is the ingest instance that
-- wrote it, so that replicas reconcile only their own.
alter table cameras add column if not exists recording jsonb not null
  default '{"mode": "off", "retentionDays": 7, "preRollS": 5, "postRollS": 10}';

create table if not exists recording_segments (
  id          bigserial primary key,
  camera_id   text not null,
  file        text not null unique,
  started_at  timestamptz not null,
  ended_at    timestamptz,
  bytes       bigint not null default 0,
  has_event   boolean not null default false,
  state       text not null default 'open' check (state in ('open', 'closed', 'discarded')),
  writer      text not null,
  reason      text,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index if not exists recording_segments_camera_start on recording_segments (camera_id, started_at);
create index if not exists recording_segments_start on recording_segments (started_at);
create index if not exists recording_segments_open on recording_segments (writer) where state = 'open';
