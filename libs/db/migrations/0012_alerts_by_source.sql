-- The rules' at-least-once raise (AlertsRepository.raiseOnce) looks for a cleared alert of the same
-- source and rule that already covers the moment; without this it would scan every alert.
create index if not exists alerts_by_source on alerts (source_type, source_id, rule_id);
