-- Tightens 0013: while sk_sealed_upgrade() is on, an UPDATE of these append-only or frozen rows may still change
-- nothing but a sealed column, and that only from the single-key format (v1:) to a data key (v2:). Before, the flag
-- let any change through (found in review; the flag is only on inside the migration's own transaction).
DROP TRIGGER `review_versions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `review_versions_no_update` BEFORE UPDATE ON `review_versions`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`document_id` IS OLD.`document_id`
    AND NEW.`number` IS OLD.`number`
    AND NEW.`origin` IS OLD.`origin`
    AND NEW.`format` IS OLD.`format`
    AND NEW.`parent_version_id` IS OLD.`parent_version_id`
    AND NEW.`chars` IS OLD.`chars`
    AND NEW.`created_by` IS OLD.`created_by`
    AND NEW.`created_at` IS OLD.`created_at`
    AND (NEW.`text_sealed` IS OLD.`text_sealed` OR (OLD.`text_sealed` LIKE 'v1:%' AND NEW.`text_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'document versions are immutable: add a new version');
END;
--> statement-breakpoint
DROP TRIGGER `finding_decisions_no_update`;
--> statement-breakpoint
CREATE TRIGGER `finding_decisions_no_update` BEFORE UPDATE ON `finding_decisions`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`finding_id` IS OLD.`finding_id`
    AND NEW.`decision` IS OLD.`decision`
    AND NEW.`decided_by` IS OLD.`decided_by`
    AND NEW.`decided_at` IS OLD.`decided_at`
    AND NEW.`prior_exposure` IS OLD.`prior_exposure`
    AND (NEW.`replacement_sealed` IS OLD.`replacement_sealed` OR (OLD.`replacement_sealed` LIKE 'v1:%' AND NEW.`replacement_sealed` LIKE 'v2:%'))
    AND (NEW.`justification_sealed` IS OLD.`justification_sealed` OR (OLD.`justification_sealed` LIKE 'v1:%' AND NEW.`justification_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only: record a new decision');
END;
--> statement-breakpoint
DROP TRIGGER `interview_images_no_update`;
--> statement-breakpoint
CREATE TRIGGER `interview_images_no_update` BEFORE UPDATE ON `interview_images`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`mime` IS OLD.`mime`
    AND NEW.`size` IS OLD.`size`
    AND NEW.`width` IS OLD.`width`
    AND NEW.`height` IS OLD.`height`
    AND NEW.`sha256` IS OLD.`sha256`
    AND NEW.`metadata_removed` IS OLD.`metadata_removed`
    AND NEW.`uploaded_by` IS OLD.`uploaded_by`
    AND NEW.`uploaded_at` IS OLD.`uploaded_at`
    AND (NEW.`caption_sealed` IS OLD.`caption_sealed` OR (OLD.`caption_sealed` LIKE 'v1:%' AND NEW.`caption_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'images are immutable once attached');
END;
--> statement-breakpoint
DROP TRIGGER `consent_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`record_id` IS OLD.`record_id`
    AND NEW.`type` IS OLD.`type`
    AND NEW.`occurred_at` IS OLD.`occurred_at`
    AND NEW.`channel` IS OLD.`channel`
    AND NEW.`content_shown_sha256` IS OLD.`content_shown_sha256`
    AND NEW.`recorded_by` IS OLD.`recorded_by`
    AND NEW.`recorded_at` IS OLD.`recorded_at`
    AND (NEW.`details_sealed` IS OLD.`details_sealed` OR (OLD.`details_sealed` LIKE 'v1:%' AND NEW.`details_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only: UPDATE is not allowed');
END;
--> statement-breakpoint
DROP TRIGGER `consent_records_terms_frozen`;
--> statement-breakpoint
CREATE TRIGGER `consent_records_terms_frozen` BEFORE UPDATE OF `interview_id`, `previous_record_id`, `script_id`, `script_hash`, `language`, `terms_json`, `private_sealed`, `terms_hash`, `captor_present`, `needs_override`, `explained_at`, `decided_at`, `recorded_by`, `created_at` ON `consent_records`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`previous_record_id` IS OLD.`previous_record_id`
    AND NEW.`script_id` IS OLD.`script_id`
    AND NEW.`script_hash` IS OLD.`script_hash`
    AND NEW.`language` IS OLD.`language`
    AND NEW.`terms_json` IS OLD.`terms_json`
    AND NEW.`terms_hash` IS OLD.`terms_hash`
    AND NEW.`captor_present` IS OLD.`captor_present`
    AND NEW.`needs_override` IS OLD.`needs_override`
    AND NEW.`explained_at` IS OLD.`explained_at`
    AND NEW.`decided_at` IS OLD.`decided_at`
    AND NEW.`status` IS OLD.`status`
    AND NEW.`last_confirmed_at` IS OLD.`last_confirmed_at`
    AND NEW.`recorded_by` IS OLD.`recorded_by`
    AND NEW.`created_at` IS OLD.`created_at`
    AND (NEW.`private_sealed` IS OLD.`private_sealed` OR (OLD.`private_sealed` LIKE 'v1:%' AND NEW.`private_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'consent terms cannot change once recorded: create a new consent record');
END;
--> statement-breakpoint
DROP TRIGGER `publication_signoffs_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `publication_signoffs_append_only_u` BEFORE UPDATE ON `publication_signoffs`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`editor_id` IS OLD.`editor_id`
    AND NEW.`gate_hash` IS OLD.`gate_hash`
    AND NEW.`basis_json` IS OLD.`basis_json`
    AND NEW.`signed_at` IS OLD.`signed_at`
    AND (NEW.`statement_sealed` IS OLD.`statement_sealed` OR (OLD.`statement_sealed` LIKE 'v1:%' AND NEW.`statement_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'sign-offs are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `publication_records_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `publication_records_append_only_u` BEFORE UPDATE ON `publication_records`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`outlet` IS OLD.`outlet`
    AND NEW.`published_on` IS OLD.`published_on`
    AND NEW.`media_json` IS OLD.`media_json`
    AND NEW.`recorded_by` IS OLD.`recorded_by`
    AND NEW.`recorded_at` IS OLD.`recorded_at`
    AND (NEW.`reference_sealed` IS OLD.`reference_sealed` OR (OLD.`reference_sealed` LIKE 'v1:%' AND NEW.`reference_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'publication records are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `image_reviews_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `image_reviews_append_only_u` BEFORE UPDATE ON `image_reviews`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`image_id` IS OLD.`image_id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`editor_id` IS OLD.`editor_id`
    AND NEW.`deidentified` IS OLD.`deidentified`
    AND NEW.`prior_exposure` IS OLD.`prior_exposure`
    AND NEW.`created_at` IS OLD.`created_at`
    AND (NEW.`justification_sealed` IS OLD.`justification_sealed` OR (OLD.`justification_sealed` LIKE 'v1:%' AND NEW.`justification_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'image reviews are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `prior_exposure_justifications_append_only_u`;
--> statement-breakpoint
CREATE TRIGGER `prior_exposure_justifications_append_only_u` BEFORE UPDATE ON `prior_exposure_justifications`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`decision_id` IS OLD.`decision_id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`editor_id` IS OLD.`editor_id`
    AND NEW.`created_at` IS OLD.`created_at`
    AND (NEW.`justification_sealed` IS OLD.`justification_sealed` OR (OLD.`justification_sealed` LIKE 'v1:%' AND NEW.`justification_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'justifications are append-only');
END;
--> statement-breakpoint
DROP TRIGGER `gate_overrides_frozen`;
--> statement-breakpoint
CREATE TRIGGER `gate_overrides_frozen` BEFORE UPDATE OF `id`, `interview_id`, `consent_record_id`, `kind`, `reason_sealed`, `requested_by`, `requested_at` ON `gate_overrides`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`consent_record_id` IS OLD.`consent_record_id`
    AND NEW.`kind` IS OLD.`kind`
    AND NEW.`requested_by` IS OLD.`requested_by`
    AND NEW.`requested_at` IS OLD.`requested_at`
    AND NEW.`approved_by` IS OLD.`approved_by`
    AND NEW.`approved_at` IS OLD.`approved_at`
    AND (NEW.`reason_sealed` IS OLD.`reason_sealed` OR (OLD.`reason_sealed` LIKE 'v1:%' AND NEW.`reason_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'an override cannot change; only its approval is recorded');
END;
--> statement-breakpoint
DROP TRIGGER `takedown_tasks_resolve_once`;
--> statement-breakpoint
CREATE TRIGGER `takedown_tasks_resolve_once` BEFORE UPDATE OF `resolved_at`, `resolved_by`, `resolution`, `note_sealed` ON `takedown_tasks`
WHEN (OLD.`resolved_at` IS NOT NULL OR NEW.`resolved_at` IS NULL OR NEW.`resolved_by` IS NULL OR NEW.`resolution` IS NULL) AND NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`interview_id` IS OLD.`interview_id`
    AND NEW.`desk_id` IS OLD.`desk_id`
    AND NEW.`consent_record_id` IS OLD.`consent_record_id`
    AND NEW.`cause` IS OLD.`cause`
    AND NEW.`created_at` IS OLD.`created_at`
    AND NEW.`due_at` IS OLD.`due_at`
    AND NEW.`resolved_at` IS OLD.`resolved_at`
    AND NEW.`resolved_by` IS OLD.`resolved_by`
    AND NEW.`resolution` IS OLD.`resolution`
    AND (NEW.`note_sealed` IS OLD.`note_sealed` OR (OLD.`note_sealed` LIKE 'v1:%' AND NEW.`note_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'a takedown task is resolved once');
END;
--> statement-breakpoint
DROP TRIGGER `consent_exports_frozen`;
--> statement-breakpoint
CREATE TRIGGER `consent_exports_frozen` BEFORE UPDATE OF `id`, `exported_by`, `started_at`, `filters_json`, `formats`, `sensitive`, `reason_sealed`, `record_count` ON `consent_exports`
WHEN NOT (sk_sealed_upgrade() = 1
    AND NEW.`id` IS OLD.`id`
    AND NEW.`exported_by` IS OLD.`exported_by`
    AND NEW.`started_at` IS OLD.`started_at`
    AND NEW.`filters_json` IS OLD.`filters_json`
    AND NEW.`formats` IS OLD.`formats`
    AND NEW.`sensitive` IS OLD.`sensitive`
    AND NEW.`record_count` IS OLD.`record_count`
    AND NEW.`manifest_sha256` IS OLD.`manifest_sha256`
    AND NEW.`completed_at` IS OLD.`completed_at`
    AND (NEW.`reason_sealed` IS OLD.`reason_sealed` OR (OLD.`reason_sealed` LIKE 'v1:%' AND NEW.`reason_sealed` LIKE 'v2:%')))
BEGIN
  SELECT RAISE(ABORT, 'a consent export cannot be changed; only its completion is recorded');
END;
