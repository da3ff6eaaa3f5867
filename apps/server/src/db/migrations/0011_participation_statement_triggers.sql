-- Participation from inserted tickets and lottery entries, and the statistics deltas of inserted
-- participations, once per statement over its inserted rows (a transition table) instead of a
-- PL/pgSQL call and three statements per row: the grab writes its tickets in groups of hundreds.
-- A statement's participations of one organization, day and subject make one delta row.
-- Updates and deletes (a check-in, one at a time) keep their row triggers.
DROP TRIGGER tickets_participation ON tickets;
--> statement-breakpoint
CREATE TRIGGER tickets_participation AFTER UPDATE OF status ON tickets FOR EACH ROW EXECUTE FUNCTION participation_from_activity();
--> statement-breakpoint
CREATE FUNCTION participation_from_inserted_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO participations (member_id, org_path, source, subject_id, action, at)
  SELECT i.member_id, m.org_path, 'activity', i.activity_id::text, x.action, x.at
  FROM inserted i
  JOIN members m ON m.id = i.member_id AND m.org_path IS NOT NULL
  CROSS JOIN LATERAL (VALUES ('ticket', i.created_at), ('checked_in', coalesce(i.checked_in_at, now()))) AS x(action, at)
  WHERE x.action = 'ticket' OR i.status = 'checked_in';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tickets_participation_inserted AFTER INSERT ON tickets REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION participation_from_inserted_tickets();
--> statement-breakpoint
DROP TRIGGER lottery_entries_participation ON lottery_entries;
--> statement-breakpoint
CREATE FUNCTION participation_from_inserted_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO participations (member_id, org_path, source, subject_id, action, at)
  SELECT i.member_id, m.org_path, 'activity', i.activity_id::text, 'entered', i.created_at
  FROM inserted i
  JOIN members m ON m.id = i.member_id AND m.org_path IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER lottery_entries_participation AFTER INSERT ON lottery_entries REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION participation_from_inserted_entries();
--> statement-breakpoint
DROP TRIGGER participations_stats ON participations;
--> statement-breakpoint
CREATE TRIGGER participations_stats AFTER UPDATE OR DELETE ON participations FOR EACH ROW EXECUTE FUNCTION stat_participation_change();
--> statement-breakpoint
CREATE FUNCTION stat_participations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_day_deltas (path, day, dim, value, n)
  SELECT i.org_path, (i.at AT TIME ZONE 'Asia/Shanghai')::date, 'participation', i.source || '|' || i.subject_id || '|' || i.action, count(*)
  FROM inserted i
  GROUP BY 1, 2, 4;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER participations_stats_inserted AFTER INSERT ON participations REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION stat_participations_inserted();
