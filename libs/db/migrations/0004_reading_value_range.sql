-- No stored reading may make an aggregate fail. Two readings of 1e308 in one bucket overflowed
-- sum(value) ("value out of range: overflow"): every history query over them answered 500 and
-- every refresh of readings_1m/1h failed. The ingest refuses such values (out_of_range dead
-- letters, per metric); this CHECK is the database's own guard, for whatever writes here.
-- A bound, not a rewritten aggregate: an avg that cannot overflow would still chart 1e308 as a
-- measurement. 1e12 is READING_VALUE_LIMIT of libs/contracts: a sum of 10^296 of them stays
-- finite. NaN and ±Infinity fail the check too (NaN compares above every number in PostgreSQL).

-- Rows already stored outside it are kept as dead letters, then removed, so the constraint holds
-- for every row and nothing disappears unrecorded.
insert into dead_letters (received_at, topic, reason, detail, payload, payload_size)
select now(),
       'ioc/v1/sensors/' || device_id || '/readings',
       'out_of_range',
       format('stored reading removed by migration 0004: %s = %s at %s is outside -1e12 to 1e12',
              metric, value, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       convert_to(p.text, 'UTF8'),
       octet_length(p.text)
from sensor_readings,
     lateral (select format('{"ts":"%s","values":{"%s":%s}}',
                            to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                            metric, value) as text) p
where not (value between -1e12 and 1e12);

delete from sensor_readings where not (value between -1e12 and 1e12);

alter table sensor_readings
  add constraint sensor_readings_value_range check (value between -1e12 and 1e12);
