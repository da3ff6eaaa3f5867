-- The audit log is append-only: the database itself refuses updates and deletes.
-- (A superuser can still drop the trigger; `npm run audit:verify` detects any rewrite through the hash chain.)
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- Membership card numbers are assigned once for life from this sequence.
CREATE SEQUENCE IF NOT EXISTS member_card_seq START WITH 10000001;
