CREATE TABLE `finding_approvals` (
	`decision_id` text PRIMARY KEY NOT NULL,
	`editor_id` text NOT NULL,
	`approved_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `finding_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `finding_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`finding_id` text NOT NULL,
	`decision` text NOT NULL,
	`replacement_sealed` text,
	`justification_sealed` text,
	`decided_by` text NOT NULL,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `review_findings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `finding_decisions_finding_idx` ON `finding_decisions` (`finding_id`,`decided_at`);--> statement-breakpoint
CREATE TABLE `interview_images` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`caption_sealed` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`width` integer,
	`height` integer,
	`sha256` text NOT NULL,
	`metadata_removed` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interview_images_interview_idx` ON `interview_images` (`interview_id`,`uploaded_at`);--> statement-breakpoint
CREATE TABLE `review_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`kind` text NOT NULL,
	`title_sealed` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_documents_interview_idx` ON `review_documents` (`interview_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `review_findings` (
	`id` text PRIMARY KEY NOT NULL,
	`scan_id` text NOT NULL,
	`position` integer NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`score` real NOT NULL,
	`recognizer` text NOT NULL,
	`explanation` text NOT NULL,
	`identifier_id` text,
	`real_name` integer NOT NULL,
	`keepable` integer NOT NULL,
	`related_json` text,
	FOREIGN KEY (`scan_id`) REFERENCES `review_scans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_findings_scan_idx` ON `review_findings` (`scan_id`,`position`);--> statement-breakpoint
CREATE TABLE `review_scans` (
	`id` text PRIMARY KEY NOT NULL,
	`version_id` text NOT NULL,
	`vault_fingerprint` text NOT NULL,
	`consent_name_choice` text NOT NULL,
	`findings` integer NOT NULL,
	`scanned_by` text NOT NULL,
	`scanned_at` integer NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `review_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scanned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_scans_version_idx` ON `review_scans` (`version_id`,`scanned_at`);--> statement-breakpoint
CREATE TABLE `review_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`number` integer NOT NULL,
	`origin` text NOT NULL,
	`format` text NOT NULL,
	`parent_version_id` text,
	`text_sealed` text NOT NULL,
	`chars` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `review_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_versions_number_idx` ON `review_versions` (`document_id`,`number`);--> statement-breakpoint
CREATE TABLE `vault_identifiers` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`category` text NOT NULL,
	`real_name` integer NOT NULL,
	`value_sealed` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vault_identifiers_interview_idx` ON `vault_identifiers` (`interview_id`);
-- Review history is append-only: versions, scans, findings, decisions, approvals and images never change.
--> statement-breakpoint
CREATE TRIGGER `review_versions_no_update` BEFORE UPDATE ON `review_versions`
BEGIN
  SELECT RAISE(ABORT, 'document versions are immutable: add a new version');
END;
--> statement-breakpoint
CREATE TRIGGER `review_versions_no_delete` BEFORE DELETE ON `review_versions`
BEGIN
  SELECT RAISE(ABORT, 'document versions are immutable: add a new version');
END;
--> statement-breakpoint
CREATE TRIGGER `review_scans_no_update` BEFORE UPDATE ON `review_scans`
BEGIN
  SELECT RAISE(ABORT, 'scans are immutable: scan again');
END;
--> statement-breakpoint
CREATE TRIGGER `review_scans_no_delete` BEFORE DELETE ON `review_scans`
BEGIN
  SELECT RAISE(ABORT, 'scans are immutable: scan again');
END;
--> statement-breakpoint
CREATE TRIGGER `review_findings_no_update` BEFORE UPDATE ON `review_findings`
BEGIN
  SELECT RAISE(ABORT, 'findings are immutable: scan again');
END;
--> statement-breakpoint
CREATE TRIGGER `review_findings_no_delete` BEFORE DELETE ON `review_findings`
BEGIN
  SELECT RAISE(ABORT, 'findings are immutable: scan again');
END;
--> statement-breakpoint
CREATE TRIGGER `finding_decisions_no_update` BEFORE UPDATE ON `finding_decisions`
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only: record a new decision');
END;
--> statement-breakpoint
CREATE TRIGGER `finding_decisions_no_delete` BEFORE DELETE ON `finding_decisions`
BEGIN
  SELECT RAISE(ABORT, 'decisions are append-only: record a new decision');
END;
--> statement-breakpoint
CREATE TRIGGER `finding_approvals_no_update` BEFORE UPDATE ON `finding_approvals`
BEGIN
  SELECT RAISE(ABORT, 'approvals are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `finding_approvals_no_delete` BEFORE DELETE ON `finding_approvals`
BEGIN
  SELECT RAISE(ABORT, 'approvals are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `interview_images_no_update` BEFORE UPDATE ON `interview_images`
BEGIN
  SELECT RAISE(ABORT, 'images are immutable once attached');
END;
--> statement-breakpoint
CREATE TRIGGER `interview_images_no_delete` BEFORE DELETE ON `interview_images`
BEGIN
  SELECT RAISE(ABORT, 'images are immutable once attached');
END;
--> statement-breakpoint
CREATE TRIGGER `review_documents_no_delete` BEFORE DELETE ON `review_documents`
BEGIN
  SELECT RAISE(ABORT, 'review documents are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `review_documents_frozen` BEFORE UPDATE OF `id`, `interview_id`, `created_by`, `created_at` ON `review_documents`
BEGIN
  SELECT RAISE(ABORT, 'a review document cannot move or change its author');
END;
