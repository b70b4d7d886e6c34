CREATE TABLE `gate_overrides` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`consent_record_id` text NOT NULL,
	`kind` text NOT NULL,
	`reason_sealed` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_record_id`) REFERENCES `consent_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gate_overrides_record_idx` ON `gate_overrides` (`consent_record_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `image_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`image_id` text NOT NULL,
	`interview_id` text NOT NULL,
	`editor_id` text NOT NULL,
	`deidentified` integer NOT NULL,
	`prior_exposure` integer NOT NULL,
	`justification_sealed` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`image_id`) REFERENCES `interview_images`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `image_reviews_image_idx` ON `image_reviews` (`image_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `prior_exposure_justifications` (
	`id` text PRIMARY KEY NOT NULL,
	`decision_id` text NOT NULL,
	`interview_id` text NOT NULL,
	`editor_id` text NOT NULL,
	`justification_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `finding_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `prior_exposure_justifications_decision_idx` ON `prior_exposure_justifications` (`decision_id`);--> statement-breakpoint
CREATE TABLE `publication_records` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`outlet` text NOT NULL,
	`published_on` text NOT NULL,
	`reference_sealed` text NOT NULL,
	`media_json` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publication_records_interview_idx` ON `publication_records` (`interview_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `publication_signoffs` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`editor_id` text NOT NULL,
	`statement_sealed` text NOT NULL,
	`gate_hash` text NOT NULL,
	`basis_json` text NOT NULL,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publication_signoffs_interview_idx` ON `publication_signoffs` (`interview_id`,`signed_at`);--> statement-breakpoint
CREATE TABLE `takedown_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`desk_id` text NOT NULL,
	`consent_record_id` text NOT NULL,
	`cause` text NOT NULL,
	`created_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	`resolution` text,
	`note_sealed` text,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_record_id`) REFERENCES `consent_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `takedown_tasks_desk_idx` ON `takedown_tasks` (`desk_id`,`resolved_at`,`due_at`);--> statement-breakpoint
CREATE INDEX `takedown_tasks_interview_idx` ON `takedown_tasks` (`interview_id`);--> statement-breakpoint
ALTER TABLE `interviews` ADD `status_reason` text;--> statement-breakpoint
ALTER TABLE `finding_decisions` ADD `prior_exposure` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE TRIGGER `publication_signoffs_append_only_u` BEFORE UPDATE ON `publication_signoffs`
BEGIN
  SELECT RAISE(ABORT, 'sign-offs are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `publication_signoffs_append_only_d` BEFORE DELETE ON `publication_signoffs`
BEGIN
  SELECT RAISE(ABORT, 'sign-offs are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `publication_records_append_only_u` BEFORE UPDATE ON `publication_records`
BEGIN
  SELECT RAISE(ABORT, 'publication records are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `publication_records_append_only_d` BEFORE DELETE ON `publication_records`
BEGIN
  SELECT RAISE(ABORT, 'publication records are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `image_reviews_append_only_u` BEFORE UPDATE ON `image_reviews`
BEGIN
  SELECT RAISE(ABORT, 'image reviews are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `image_reviews_append_only_d` BEFORE DELETE ON `image_reviews`
BEGIN
  SELECT RAISE(ABORT, 'image reviews are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `prior_exposure_justifications_append_only_u` BEFORE UPDATE ON `prior_exposure_justifications`
BEGIN
  SELECT RAISE(ABORT, 'justifications are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `prior_exposure_justifications_append_only_d` BEFORE DELETE ON `prior_exposure_justifications`
BEGIN
  SELECT RAISE(ABORT, 'justifications are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `gate_overrides_no_delete` BEFORE DELETE ON `gate_overrides`
BEGIN
  SELECT RAISE(ABORT, 'overrides are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `gate_overrides_frozen` BEFORE UPDATE OF `id`, `interview_id`, `consent_record_id`, `kind`, `reason_sealed`, `requested_by`, `requested_at` ON `gate_overrides`
BEGIN
  SELECT RAISE(ABORT, 'an override cannot change; only its approval is recorded');
END;
--> statement-breakpoint
CREATE TRIGGER `gate_overrides_approve_once` BEFORE UPDATE OF `approved_by`, `approved_at` ON `gate_overrides`
WHEN OLD.`approved_by` IS NOT NULL OR NEW.`approved_by` IS NULL OR NEW.`approved_at` IS NULL OR NEW.`approved_by` = OLD.`requested_by`
BEGIN
  SELECT RAISE(ABORT, 'an override is approved once, by another editor');
END;
--> statement-breakpoint
CREATE TRIGGER `takedown_tasks_no_delete` BEFORE DELETE ON `takedown_tasks`
BEGIN
  SELECT RAISE(ABORT, 'takedown tasks are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `takedown_tasks_frozen` BEFORE UPDATE OF `id`, `interview_id`, `desk_id`, `consent_record_id`, `cause`, `created_at`, `due_at` ON `takedown_tasks`
BEGIN
  SELECT RAISE(ABORT, 'a takedown task cannot change; only its resolution is recorded');
END;
--> statement-breakpoint
CREATE TRIGGER `takedown_tasks_resolve_once` BEFORE UPDATE OF `resolved_at`, `resolved_by`, `resolution`, `note_sealed` ON `takedown_tasks`
WHEN OLD.`resolved_at` IS NOT NULL OR NEW.`resolved_at` IS NULL OR NEW.`resolved_by` IS NULL OR NEW.`resolution` IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a takedown task is resolved once');
END;
--> statement-breakpoint
CREATE UNIQUE INDEX `takedown_tasks_one_open` ON `takedown_tasks` (`interview_id`) WHERE `resolved_at` IS NULL;
