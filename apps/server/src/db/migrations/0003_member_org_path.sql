-- members.org_path mirrors organizations.path of members.org_id, kept by the database itself so
-- that no writer (service, import, seed) can forget it. Scoped member searches filter on it.
CREATE OR REPLACE FUNCTION members_set_org_path() RETURNS trigger AS $$
BEGIN
  IF NEW.org_id IS NULL THEN
    NEW.org_path := NULL;
  ELSIF TG_OP = 'INSERT' OR NEW.org_id IS DISTINCT FROM OLD.org_id OR NEW.org_path IS NULL THEN
    SELECT path INTO NEW.org_path FROM organizations WHERE id = NEW.org_id;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER members_org_path BEFORE INSERT OR UPDATE OF org_id ON members
  FOR EACH ROW EXECUTE FUNCTION members_set_org_path();
--> statement-breakpoint
UPDATE members m SET org_path = o.path FROM organizations o WHERE o.id = m.org_id;
