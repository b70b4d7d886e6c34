-- The key of a new interview is made in the same transaction as the interview, before its row: the foreign key is
-- checked at commit (DEFERRABLE INITIALLY DEFERRED).
CREATE TABLE `data_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`interview_id` text,
	`wrapped_key` text,
	`kek_id` text,
	`created_at` integer NOT NULL,
	`rewrapped_at` integer,
	`destroyed_at` integer,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action DEFERRABLE INITIALLY DEFERRED,
	CONSTRAINT "data_keys_scope_check" CHECK(("data_keys"."scope" = 'instance') = ("data_keys"."interview_id" is null)),
	CONSTRAINT "data_keys_destroyed_check" CHECK(("data_keys"."destroyed_at" is null) = ("data_keys"."wrapped_key" is not null and "data_keys"."kek_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `data_keys_interview_idx` ON `data_keys` (`interview_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `data_keys_one_instance_key` ON `data_keys` (`scope`) WHERE "data_keys"."scope" = 'instance';--> statement-breakpoint
ALTER TABLE `interviews` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `interviews` ADD `erased_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `interviews` ADD `erasure_reason` text;
--> statement-breakpoint
-- A data key is never deleted; once destroyed (erasure) it stays destroyed; its identity never changes.
CREATE TRIGGER `data_keys_no_delete` BEFORE DELETE ON `data_keys`
BEGIN
  SELECT RAISE(ABORT, 'data keys are never deleted: erasure destroys the key and keeps the row');
END;
--> statement-breakpoint
CREATE TRIGGER `data_keys_destroyed_is_final` BEFORE UPDATE ON `data_keys`
WHEN OLD.`destroyed_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a destroyed data key cannot be restored');
END;
--> statement-breakpoint
CREATE TRIGGER `data_keys_frozen` BEFORE UPDATE OF `id`, `scope`, `interview_id`, `created_at` ON `data_keys`
BEGIN
  SELECT RAISE(ABORT, 'a data key cannot move to another interview');
END;
--> statement-breakpoint
CREATE TRIGGER `interviews_erasure_is_final` BEFORE UPDATE OF `erased_at`, `erased_by`, `erasure_reason` ON `interviews`
WHEN OLD.`erased_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an erasure cannot be undone');
END;
--> statement-breakpoint
-- The append-only and frozen rules below gain one exception: the one-time re-encryption of a sealed value from
-- the instance key (v1) to the interview key (v2), done by lib/crypto/migrate-values.ts with sk_sealed_upgrade()
-- switched on for that transaction only (a function each connection registers; it answers 0 otherwise).
DROP TRIGGER `review_versions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `review_versions_no_update` BEFORE UPDATE ON `review_versions`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'document versions are immutable: add a new version');
END;
--> statement-breakpoint
DROP TRIGGER `finding_decisions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `finding_decisions_no_update` BEFORE UPDATE ON `finding_decisions`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only: record a new decision');
END;
--> statement-breakpoint
DROP TRIGGER `interview_images_no_update`;
--> statement-breakpoint
CREATE TRIGGER `interview_images_no_update` BEFORE UPDATE ON `interview_images`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'images are immutable once attached');
END;
--> statement-breakpoint
DROP TRIGGER `consent_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
DROP TRIGGER `consent_records_terms_frozen`;
--> statement-breakpoint
CREATE TRIGGER `consent_records_terms_frozen` BEFORE UPDATE OF `interview_id`, `previous_record_id`, `script_id`, `script_hash`, `language`, `terms_json`, `private_sealed`, `terms_hash`, `captor_present`, `needs_override`, `explained_at`, `decided_at`, `recorded_by`, `created_at` ON `consent_records`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'consent terms cannot change once recorded: create a new consent record');
END;
--> statement-breakpoint
DROP TRIGGER `publication_signoffs_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `publication_signoffs_append_only_u` BEFORE UPDATE ON `publication_signoffs`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'sign-offs are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `publication_records_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `publication_records_append_only_u` BEFORE UPDATE ON `publication_records`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'publication records are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `image_reviews_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `image_reviews_append_only_u` BEFORE UPDATE ON `image_reviews`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'image reviews are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `prior_exposure_justifications_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `prior_exposure_justifications_append_only_u` BEFORE UPDATE ON `prior_exposure_justifications`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'justifications are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `gate_overrides_frozen`;
--> statement-breakpoint
CREATE TRIGGER `gate_overrides_frozen` BEFORE UPDATE OF `id`, `interview_id`, `consent_record_id`, `kind`, `reason_sealed`, `requested_by`, `requested_at` ON `gate_overrides`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'an override cannot change; only its approval is recorded');
END;
--> statement-breakpoint
DROP TRIGGER `takedown_tasks_resolve_once`;
--> statement-breakpoint
CREATE TRIGGER `takedown_tasks_resolve_once` BEFORE UPDATE OF `resolved_at`, `resolved_by`, `resolution`, `note_sealed` ON `takedown_tasks`
WHEN (OLD.`resolved_at` IS NOT NULL OR NEW.`resolved_at` IS NULL OR NEW.`resolved_by` IS NULL OR NEW.`resolution` IS NULL) AND sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'a takedown task is resolved once');
END;
--> statement-breakpoint
DROP TRIGGER `consent_exports_frozen`;
--> statement-breakpoint
CREATE TRIGGER `consent_exports_frozen` BEFORE UPDATE OF `id`, `exported_by`, `started_at`, `filters_json`, `formats`, `sensitive`, `reason_sealed`, `record_count` ON `consent_exports`
WHEN sk_sealed_upgrade() = 0
BEGIN
  SELECT RAISE(ABORT, 'a consent export cannot be changed; only its completion is recorded');
END;
