-- TimescaleDB: hypertables, continuous aggregates at 1 min and 1 h, compression settings.
-- Compression and retention *policies* are applied at start-up from configuration (policies.ts).

select create_hypertable('sensor_readings', by_range('ts', interval '1 day'), if_not_exists => true);
select create_hypertable('camera_health', by_range('ts', interval '1 day'), if_not_exists => true);
select create_hypertable('detection_counts', by_range('ts', interval '1 day'), if_not_exists => true);
select create_hypertable('detection_events', by_range('ts', interval '1 day'), if_not_exists => true);
select create_hypertable('kpi_values', by_range('ts', interval '30 days'), if_not_exists => true);

create index if not exists detection_events_camera on detection_events (camera_id, ts desc);

-- Sum and count (not avg) so that re-bucketing an aggregate gives the exact raw average.
-- materialized_only = false: answers include rows not yet materialised, same as the raw query.
create materialized view if not exists readings_1m
with (timescaledb.continuous, timescaledb.materialized_only = false) as
select time_bucket(interval '1 minute', ts) as bucket, device_id, metric,
       sum(value) as sum, count(*) as count, min(value) as min, max(value) as max
from sensor_readings group by 1, 2, 3
with no data;

create materialized view if not exists readings_1h
with (timescaledb.continuous, timescaledb.materialized_only = false) as
select time_bucket(interval '1 hour', ts) as bucket, device_id, metric,
       sum(value) as sum, count(*) as count, min(value) as min, max(value) as max
from sensor_readings group by 1, 2, 3
with no data;

create materialized view if not exists counts_1m
with (timescaledb.continuous, timescaledb.materialized_only = false) as
select time_bucket(interval '1 minute', ts) as bucket, camera_id, label, direction, sum(count) as count
from detection_counts group by 1, 2, 3, 4
with no data;

create materialized view if not exists counts_1h
with (timescaledb.continuous, timescaledb.materialized_only = false) as
select time_bucket(interval '1 hour', ts) as bucket, camera_id, label, direction, sum(count) as count
from detection_counts group by 1, 2, 3, 4
with no data;

alter table sensor_readings set (timescaledb.compress, timescaledb.compress_segmentby = 'device_id, metric', timescaledb.compress_orderby = 'ts desc');
alter table detection_counts set (timescaledb.compress, timescaledb.compress_segmentby = 'camera_id', timescaledb.compress_orderby = 'ts desc');
alter table camera_health set (timescaledb.compress, timescaledb.compress_segmentby = 'camera_id', timescaledb.compress_orderby = 'ts desc');
