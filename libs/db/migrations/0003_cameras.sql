-- Camera pipeline: what the supervisor knows besides the figures already in camera_health, and
-- the index the ingest's change poll (max(updated_at)) reads every few seconds.
alter table camera_health add column if not exists last_frame_at timestamptz;
alter table camera_health add column if not exists detail text;
create index if not exists cameras_updated_at on cameras (updated_at);
