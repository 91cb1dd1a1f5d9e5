-- Plain PostgreSQL: the time series stay ordinary tables. BRIN on the time column is tiny and fits
-- append-mostly data; the primary keys already serve per-device and per-camera ranges.
create index if not exists sensor_readings_ts_brin on sensor_readings using brin (ts);
create index if not exists camera_health_ts_brin on camera_health using brin (ts);
create index if not exists detection_counts_ts_brin on detection_counts using brin (ts);
create index if not exists detection_events_ts_brin on detection_events using brin (ts);
create index if not exists detection_events_camera on detection_events (camera_id, ts desc);
create index if not exists kpi_values_ts on kpi_values (ts);
