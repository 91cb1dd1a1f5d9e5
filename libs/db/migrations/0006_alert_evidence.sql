-- The picture of a camera alert's moment: the camera's snapshot nearest the detection that raised
-- the alert (`raised`) and the one of its latest repeat (`latest`), with the boxes that raised it
-- drawn in. Two rows at most an alert, kept as long as the alert is (deleted with it).
create table if not exists alert_evidence (
  alert_id     bigint not null references alerts (id) on delete cascade,
  kind         text not null check (kind in ('raised', 'latest')),
  -- the alert change (created or repeated) the picture belongs to
  seq          bigint not null,
  -- when the snapshot reached the api, and the detection's own time
  taken_at     timestamptz not null,
  detected_at  timestamptz not null,
  -- normalised [x1, y1, x2, y2] boxes, as drawn
  boxes        jsonb not null default '[]',
  jpeg         bytea not null,
  primary key (alert_id, kind)
);
