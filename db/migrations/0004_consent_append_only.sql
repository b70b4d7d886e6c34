-- Consent history is append-only, consent terms are written once, and script versions never change.
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_delete` BEFORE DELETE ON `consent_events`
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only: DELETE is not allowed');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_records_terms_frozen` BEFORE UPDATE OF `interview_id`, `previous_record_id`, `script_id`, `script_hash`, `language`, `terms_json`, `private_sealed`, `terms_hash`, `captor_present`, `needs_override`, `explained_at`, `decided_at`, `recorded_by`, `created_at` ON `consent_records`
BEGIN
  SELECT RAISE(ABORT, 'consent terms cannot change once recorded: create a new consent record');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_records_no_delete` BEFORE DELETE ON `consent_records`
BEGIN
  SELECT RAISE(ABORT, 'consent records are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_scripts_no_update` BEFORE UPDATE ON `consent_scripts`
BEGIN
  SELECT RAISE(ABORT, 'consent script versions are immutable: create a new version');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_scripts_no_delete` BEFORE DELETE ON `consent_scripts`
BEGIN
  SELECT RAISE(ABORT, 'consent script versions are never deleted');
END;
