CREATE TABLE `consent_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`exported_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`filters_json` text NOT NULL,
	`formats` text NOT NULL,
	`sensitive` integer NOT NULL,
	`reason_sealed` text,
	`record_count` integer NOT NULL,
	`manifest_sha256` text,
	`completed_at` integer,
	FOREIGN KEY (`exported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consent_exports_by_idx` ON `consent_exports` (`exported_by`,`started_at`);--> statement-breakpoint
CREATE INDEX `consent_exports_started_idx` ON `consent_exports` (`started_at`);--> statement-breakpoint
CREATE TRIGGER `consent_exports_no_delete` BEFORE DELETE ON `consent_exports`
BEGIN
  SELECT RAISE(ABORT, 'consent exports are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_exports_frozen` BEFORE UPDATE OF `id`, `exported_by`, `started_at`, `filters_json`, `formats`, `sensitive`, `reason_sealed`, `record_count` ON `consent_exports`
BEGIN
  SELECT RAISE(ABORT, 'a consent export cannot be changed; only its completion is recorded');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_exports_complete_once` BEFORE UPDATE OF `manifest_sha256`, `completed_at` ON `consent_exports`
WHEN OLD.`manifest_sha256` IS NOT NULL OR NEW.`manifest_sha256` IS NULL OR NEW.`completed_at` IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a consent export is completed once, with its manifest hash');
END;
