-- Statistics (issue 6, docs/STATISTICS.md): triggers on the source tables append deltas; stat_rollup()
-- moves deltas into per-organization aggregates for every ancestor; the views stat_pending_* expand
-- the deltas not yet rolled up the same way, so aggregate + pending = a direct count, in any snapshot.

-- The ids of an organization path '/1/23/456/': {1,23,456}.
CREATE FUNCTION stat_ancestors(p text) RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(x::bigint), '{}') FROM unnest(string_to_array(trim(both '/' from p), '/')) AS x WHERE x <> ''
$$;
--> statement-breakpoint
-- A member's dimensions: (dim, value), each value prefixed with the status.
CREATE FUNCTION stat_member_dims(status text, verified boolean, gender text, birth_year int, industry text, education text)
RETURNS TABLE(dim text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES ('status', status || '|' || CASE WHEN verified THEN 'v' ELSE 'u' END),
         ('gender', status || '|' || coalesce(gender, '')),
         ('birth_year', status || '|' || coalesce(birth_year::text, '')),
         ('industry', status || '|' || coalesce(industry, '')),
         ('education', status || '|' || coalesce(education, ''))
$$;
--> statement-breakpoint
-- A dated delta for every organization it counts in: a transfer (path = destination, path2 =
-- origin) is "in" for the ancestors of its destination that are not ancestors of its origin, and
-- "out" the other way round; a member newly held (path = where they were, path2 = the holding
-- union) counts as "held" where they were, and as "heldOut" where they left the subtree.
CREATE FUNCTION stat_day_expand(path text, path2 text, dim text, value text)
RETURNS TABLE(org_id bigint, dim text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT a, dim, value FROM unnest(stat_ancestors(path)) AS a WHERE path2 IS NULL OR value = 'held'
  UNION ALL
  SELECT a, dim, 'heldOut' FROM unnest(stat_ancestors(path)) AS a WHERE path2 IS NOT NULL AND value = 'held' AND NOT (a = ANY (stat_ancestors(path2)))
  UNION ALL
  SELECT a, dim, 'transfersIn' FROM unnest(stat_ancestors(path)) AS a WHERE path2 IS NOT NULL AND value = 'transfer' AND NOT (a = ANY (stat_ancestors(path2)))
  UNION ALL
  SELECT a, dim, 'transfersOut' FROM unnest(stat_ancestors(path2)) AS a WHERE path2 IS NOT NULL AND value = 'transfer' AND NOT (a = ANY (stat_ancestors(path)))
$$;
--> statement-breakpoint
CREATE VIEW stat_pending_counts AS
  SELECT a AS org_id, m.dim, m.value, d.n::bigint AS n
    FROM stat_member_deltas d, stat_member_dims(d.status, d.verified, d.gender, d.birth_year, d.industry, d.education) m, unnest(stat_ancestors(d.org_path)) a
  UNION ALL
  SELECT a, d.dim, d.value, d.n::bigint FROM stat_deltas d, unnest(stat_ancestors(d.org_path)) a;
--> statement-breakpoint
CREATE VIEW stat_pending_days AS
  SELECT e.org_id, e.dim, e.value, d.day, d.n::bigint AS n FROM stat_day_deltas d, stat_day_expand(d.path, d.path2, d.dim, d.value) e;
--> statement-breakpoint
-- Members: the row before (−1) and after (+1) a change of anything counted.
CREATE FUNCTION stat_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.org_path IS NOT DISTINCT FROM NEW.org_path AND OLD.status = NEW.status
     AND OLD.verification = NEW.verification AND OLD.gender IS NOT DISTINCT FROM NEW.gender
     AND OLD.birth_date IS NOT DISTINCT FROM NEW.birth_date AND OLD.industry IS NOT DISTINCT FROM NEW.industry
     AND OLD.education IS NOT DISTINCT FROM NEW.education THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' AND OLD.org_path IS NOT NULL THEN
    INSERT INTO stat_member_deltas (org_path, status, verified, gender, birth_year, industry, education, n)
    VALUES (OLD.org_path, OLD.status, OLD.verification = 'verified', OLD.gender, extract(year FROM OLD.birth_date)::int, OLD.industry, OLD.education, -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.org_path IS NOT NULL THEN
    INSERT INTO stat_member_deltas (org_path, status, verified, gender, birth_year, industry, education, n)
    VALUES (NEW.org_path, NEW.status, NEW.verification = 'verified', NEW.gender, extract(year FROM NEW.birth_date)::int, NEW.industry, NEW.education, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER members_stats AFTER INSERT OR UPDATE OR DELETE ON members FOR EACH ROW EXECUTE FUNCTION stat_member_change();
--> statement-breakpoint
-- Organizations: by level and by type, each value prefixed with the status.
CREATE FUNCTION stat_org_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.path = NEW.path AND OLD.status = NEW.status AND OLD.level = NEW.level AND OLD.type = NEW.type THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO stat_deltas (org_path, dim, value, n) VALUES
      (OLD.path, 'org_level', OLD.status || '|' || OLD.level, -1), (OLD.path, 'org_type', OLD.status || '|' || OLD.type, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO stat_deltas (org_path, dim, value, n) VALUES
      (NEW.path, 'org_level', NEW.status || '|' || NEW.level, 1), (NEW.path, 'org_type', NEW.status || '|' || NEW.type, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_stats AFTER INSERT OR UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION stat_org_change();
--> statement-breakpoint
-- Cadres: by position, prefixed with the status of the term.
CREATE FUNCTION stat_cadre_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.org_path = NEW.org_path AND OLD.status = NEW.status AND OLD.position = NEW.position THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO stat_deltas (org_path, dim, value, n) VALUES (OLD.org_path, 'cadre_position', OLD.status || '|' || OLD.position, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO stat_deltas (org_path, dim, value, n) VALUES (NEW.org_path, 'cadre_position', NEW.status || '|' || NEW.position, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cadres_stats AFTER INSERT OR UPDATE OR DELETE ON cadres FOR EACH ROW EXECUTE FUNCTION stat_cadre_change();
--> statement-breakpoint
-- Membership events as flows (dim 'flow'): joins, leaves, held, and transfers split in/out by stat_day_expand.
CREATE FUNCTION stat_flow_of(kind text, to_status text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN kind IN ('added', 'joined') AND to_status = 'active' THEN 'joins'
    WHEN kind = 'ended' THEN 'leaves'
    WHEN kind IN ('held', 'org_deregistered') AND to_status = 'held' THEN 'held'
    WHEN kind = 'transferred_in' THEN 'transfer'
  END
$$;
--> statement-breakpoint
CREATE FUNCTION stat_event_delta(ev membership_events, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  flow text := stat_flow_of(ev.kind, ev.to_status);
  p_from text;
  p_to text;
  day date := (ev.at AT TIME ZONE 'Asia/Shanghai')::date;
BEGIN
  IF flow IS NULL THEN RETURN; END IF;
  SELECT path INTO p_from FROM organizations WHERE id = ev.from_org_id;
  SELECT path INTO p_to FROM organizations WHERE id = ev.to_org_id;
  IF flow = 'transfer' THEN
    IF p_to IS NOT NULL AND p_from IS NOT NULL THEN
      INSERT INTO stat_day_deltas (path, path2, day, dim, value, n) VALUES (p_to, p_from, day, 'flow', 'transfer', sign);
    END IF;
  ELSIF flow = 'joins' THEN
    IF p_to IS NOT NULL THEN INSERT INTO stat_day_deltas (path, day, dim, value, n) VALUES (p_to, day, 'flow', flow, sign); END IF;
  ELSIF flow = 'held' THEN
    IF p_from IS NOT NULL THEN INSERT INTO stat_day_deltas (path, path2, day, dim, value, n) VALUES (p_from, p_to, day, 'flow', flow, sign); END IF;
  ELSIF p_from IS NOT NULL THEN
    INSERT INTO stat_day_deltas (path, day, dim, value, n) VALUES (p_from, day, 'flow', flow, sign);
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION stat_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM stat_event_delta(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM stat_event_delta(NEW, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER membership_events_stats AFTER INSERT OR UPDATE OR DELETE ON membership_events FOR EACH ROW EXECUTE FUNCTION stat_event_change();
--> statement-breakpoint
CREATE FUNCTION stat_participation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO stat_day_deltas (path, day, dim, value, n) VALUES (OLD.org_path, (OLD.at AT TIME ZONE 'Asia/Shanghai')::date, 'participation', OLD.source || '|' || OLD.subject_id || '|' || OLD.action, -1);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO stat_day_deltas (path, day, dim, value, n) VALUES (NEW.org_path, (NEW.at AT TIME ZONE 'Asia/Shanghai')::date, 'participation', NEW.source || '|' || NEW.subject_id || '|' || NEW.action, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER participations_stats AFTER INSERT OR UPDATE OR DELETE ON participations FOR EACH ROW EXECUTE FUNCTION stat_participation_change();
--> statement-breakpoint
-- Activities record participation: a ticket issued, a ticket checked in, a lottery entry.
CREATE FUNCTION participation_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p text;
BEGIN
  SELECT org_path INTO p FROM members WHERE id = NEW.member_id;
  IF p IS NULL THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'lottery_entries' THEN
    INSERT INTO participations (member_id, org_path, source, subject_id, action, at) VALUES (NEW.member_id, p, 'activity', NEW.activity_id::text, 'entered', NEW.created_at);
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO participations (member_id, org_path, source, subject_id, action, at) VALUES (NEW.member_id, p, 'activity', NEW.activity_id::text, 'ticket', NEW.created_at);
    IF NEW.status = 'checked_in' THEN
      INSERT INTO participations (member_id, org_path, source, subject_id, action, at) VALUES (NEW.member_id, p, 'activity', NEW.activity_id::text, 'checked_in', coalesce(NEW.checked_in_at, now()));
    END IF;
  ELSIF OLD.status <> 'checked_in' AND NEW.status = 'checked_in' THEN
    INSERT INTO participations (member_id, org_path, source, subject_id, action, at) VALUES (NEW.member_id, p, 'activity', NEW.activity_id::text, 'checked_in', coalesce(NEW.checked_in_at, now()));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tickets_participation AFTER INSERT OR UPDATE OF status ON tickets FOR EACH ROW EXECUTE FUNCTION participation_from_activity();
--> statement-breakpoint
CREATE TRIGGER lottery_entries_participation AFTER INSERT ON lottery_entries FOR EACH ROW EXECUTE FUNCTION participation_from_activity();
--> statement-breakpoint
-- Move deltas (a range of at most max_rows ids of each kind: a range scan, whatever the planner
-- believes of the table's size) into the aggregates; one caller at a time (others return -1).
CREATE FUNCTION stat_rollup(max_rows int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  moved int := 0;
  c int;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7313061) THEN RETURN -1; END IF;
  WITH d AS (DELETE FROM stat_member_deltas WHERE id < (SELECT min(id) FROM stat_member_deltas) + max_rows RETURNING *),
  x AS (SELECT a AS org_id, m.dim, m.value, sum(d.n) AS n FROM d, stat_member_dims(d.status, d.verified, d.gender, d.birth_year, d.industry, d.education) m, unnest(stat_ancestors(d.org_path)) a GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0)
  INSERT INTO stat_counts (org_id, dim, value, n) SELECT org_id, dim, value, n FROM x ORDER BY 1, 2, 3
  ON CONFLICT (org_id, dim, value) DO UPDATE SET n = stat_counts.n + excluded.n;
  GET DIAGNOSTICS c = ROW_COUNT;
  moved := moved + c;
  WITH d AS (DELETE FROM stat_deltas WHERE id < (SELECT min(id) FROM stat_deltas) + max_rows RETURNING *),
  x AS (SELECT a AS org_id, d.dim, d.value, sum(d.n) AS n FROM d, unnest(stat_ancestors(d.org_path)) a GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0)
  INSERT INTO stat_counts (org_id, dim, value, n) SELECT org_id, dim, value, n FROM x ORDER BY 1, 2, 3
  ON CONFLICT (org_id, dim, value) DO UPDATE SET n = stat_counts.n + excluded.n;
  GET DIAGNOSTICS c = ROW_COUNT;
  moved := moved + c;
  WITH d AS (DELETE FROM stat_day_deltas WHERE id < (SELECT min(id) FROM stat_day_deltas) + max_rows RETURNING *),
  x AS (SELECT e.org_id, e.dim, e.value, d.day, sum(d.n) AS n FROM d, stat_day_expand(d.path, d.path2, d.dim, d.value) e GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0)
  INSERT INTO stat_day_counts (org_id, dim, value, day, n) SELECT org_id, dim, value, day, n FROM x ORDER BY 1, 2, 4, 3
  ON CONFLICT (org_id, dim, day, value) DO UPDATE SET n = stat_day_counts.n + excluded.n;
  GET DIAGNOSTICS c = ROW_COUNT;
  RETURN moved + c;
END $$;
--> statement-breakpoint
-- Direct counts from the source tables, in the aggregates' shape: what reconcile compares with, and the backfill.
CREATE VIEW stat_direct_counts AS
  SELECT a AS org_id, x.dim, x.value, sum(x.n)::bigint AS n FROM (
    SELECT m.org_path, d.dim, d.value, count(*) AS n
      FROM members m, stat_member_dims(m.status, m.verification = 'verified', m.gender, extract(year FROM m.birth_date)::int, m.industry, m.education) d
      WHERE m.org_path IS NOT NULL GROUP BY 1, 2, 3
    UNION ALL
    SELECT path, 'org_level', status || '|' || level, count(*) FROM organizations GROUP BY 1, 2, 3
    UNION ALL
    SELECT path, 'org_type', status || '|' || type, count(*) FROM organizations GROUP BY 1, 2, 3
    UNION ALL
    SELECT org_path, 'cadre_position', status || '|' || position, count(*) FROM cadres GROUP BY 1, 2, 3
  ) x, unnest(stat_ancestors(x.org_path)) a GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE VIEW stat_direct_days AS
  SELECT e.org_id, e.dim, e.value, x.day, sum(x.n)::bigint AS n FROM (
    SELECT CASE WHEN f.flow = 'joins' THEN t.path WHEN f.flow = 'transfer' THEN t.path ELSE o.path END AS path,
           CASE WHEN f.flow = 'transfer' THEN o.path WHEN f.flow = 'held' THEN t.path END AS path2,
           (ev.at AT TIME ZONE 'Asia/Shanghai')::date AS day, 'flow' AS dim, f.flow AS value, count(*) AS n
      FROM membership_events ev
      CROSS JOIN LATERAL (SELECT stat_flow_of(ev.kind, ev.to_status) AS flow) f
      LEFT JOIN organizations o ON o.id = ev.from_org_id
      LEFT JOIN organizations t ON t.id = ev.to_org_id
      WHERE f.flow IS NOT NULL
        AND CASE WHEN f.flow = 'transfer' THEN o.path IS NOT NULL AND t.path IS NOT NULL WHEN f.flow = 'joins' THEN t.path IS NOT NULL ELSE o.path IS NOT NULL END
      GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT org_path, NULL, (at AT TIME ZONE 'Asia/Shanghai')::date, 'participation', source || '|' || subject_id || '|' || action, count(*) FROM participations GROUP BY 1, 2, 3, 4, 5
  ) x, stat_day_expand(x.path, x.path2, x.dim, x.value) e GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- Backfill: what exists now, as aggregates; the participation of existing tickets and entries.
INSERT INTO participations (member_id, org_path, source, subject_id, action, at)
  SELECT e.member_id, m.org_path, 'activity', e.activity_id::text, 'entered', e.created_at FROM lottery_entries e JOIN members m ON m.id = e.member_id WHERE m.org_path IS NOT NULL;
--> statement-breakpoint
INSERT INTO participations (member_id, org_path, source, subject_id, action, at)
  SELECT t.member_id, m.org_path, 'activity', t.activity_id::text, 'ticket', t.created_at FROM tickets t JOIN members m ON m.id = t.member_id WHERE m.org_path IS NOT NULL
  UNION ALL
  SELECT t.member_id, m.org_path, 'activity', t.activity_id::text, 'checked_in', coalesce(t.checked_in_at, t.created_at) FROM tickets t JOIN members m ON m.id = t.member_id WHERE m.org_path IS NOT NULL AND t.status = 'checked_in';
--> statement-breakpoint
DELETE FROM stat_member_deltas;
--> statement-breakpoint
DELETE FROM stat_deltas;
--> statement-breakpoint
DELETE FROM stat_day_deltas;
--> statement-breakpoint
INSERT INTO stat_counts (org_id, dim, value, n) SELECT org_id, dim, value, n FROM stat_direct_counts;
--> statement-breakpoint
INSERT INTO stat_day_counts (org_id, dim, value, day, n) SELECT org_id, dim, value, day, n FROM stat_direct_days;
