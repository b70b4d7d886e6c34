CREATE TABLE `consent_events` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`channel` text,
	`details_sealed` text,
	`content_shown_sha256` text,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `consent_records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consent_events_record_idx` ON `consent_events` (`record_id`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `consent_override_approvals` (
	`record_id` text NOT NULL,
	`editor_id` text NOT NULL,
	`approved_at` integer NOT NULL,
	PRIMARY KEY(`record_id`, `editor_id`),
	FOREIGN KEY (`record_id`) REFERENCES `consent_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `consent_records` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`previous_record_id` text,
	`script_id` text NOT NULL,
	`script_hash` text NOT NULL,
	`language` text NOT NULL,
	`terms_json` text NOT NULL,
	`private_sealed` text NOT NULL,
	`terms_hash` text NOT NULL,
	`captor_present` integer NOT NULL,
	`needs_override` integer NOT NULL,
	`explained_at` integer NOT NULL,
	`decided_at` integer NOT NULL,
	`status` text NOT NULL,
	`last_confirmed_at` integer,
	`recorded_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consent_records_interview_idx` ON `consent_records` (`interview_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `consent_scripts` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`content_json` text NOT NULL,
	`hash` text NOT NULL,
	`notes` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consent_scripts_label_unique` ON `consent_scripts` (`label`);