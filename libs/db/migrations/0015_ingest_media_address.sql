-- Where the api reaches each ingest replica's media server (IOC_MEDIA_ADVERTISED_URL), written with
-- its heartbeat: the api plays a camera from the media server of the replica holding its lease.
-- Null: the replica did not say; the api then uses its own IOC_MEDIA_HTTP_URL.
alter table ingest_replicas add column if not exists media_http_url text;
