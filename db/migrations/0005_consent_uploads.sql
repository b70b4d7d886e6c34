CREATE TABLE `consent_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`record_id` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`metadata_removed` text NOT NULL,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `consent_records`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consent_uploads_record_idx` ON `consent_uploads` (`record_id`);--> statement-breakpoint
CREATE TRIGGER `consent_uploads_no_update` BEFORE UPDATE ON `consent_uploads`
BEGIN
  SELECT RAISE(ABORT, 'consent uploads are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_uploads_no_delete` BEFORE DELETE ON `consent_uploads`
BEGIN
  SELECT RAISE(ABORT, 'consent uploads are never deleted');
END;
