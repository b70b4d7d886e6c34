CREATE TABLE `audit_checkpoints` (
	`number` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`head_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`key_id` text NOT NULL,
	`prev_signature` text NOT NULL,
	`signature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_keys` (
	`key_id` text PRIMARY KEY NOT NULL,
	`public_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`previous_key_id` text,
	`rotation_signature` text,
	`retired_at` integer
);
--> statement-breakpoint
CREATE INDEX `audit_events_time_idx` ON `audit_events` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `audit_events_target_id_idx` ON `audit_events` (`target_id`,`seq`);--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_update` BEFORE UPDATE ON `audit_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_checkpoints_no_delete` BEFORE DELETE ON `audit_checkpoints`
BEGIN
  SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_keys_no_delete` BEFORE DELETE ON `audit_keys`
BEGIN
  SELECT RAISE(ABORT, 'audit keys are never deleted');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_keys_frozen` BEFORE UPDATE OF `key_id`, `public_key`, `created_at`, `previous_key_id`, `rotation_signature` ON `audit_keys`
BEGIN
  SELECT RAISE(ABORT, 'audit keys cannot change; only their retirement time is recorded');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_keys_retire_once` BEFORE UPDATE OF `retired_at` ON `audit_keys`
WHEN OLD.`retired_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'an audit key is retired once');
END;
