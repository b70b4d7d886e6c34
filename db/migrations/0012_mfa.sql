CREATE TABLE `mfa_recovery_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mfa_recovery_codes_user_idx` ON `mfa_recovery_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `user_mfa` (
	`user_id` text PRIMARY KEY NOT NULL,
	`secret_sealed` text NOT NULL,
	`enabled_at` integer NOT NULL,
	`last_used_step` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Replay protection in depth: the last accepted TOTP step only moves forward, and a used recovery code stays used.
CREATE TRIGGER `user_mfa_step_forward_only` BEFORE UPDATE OF `last_used_step` ON `user_mfa`
WHEN NEW.`last_used_step` <= OLD.`last_used_step`
BEGIN SELECT RAISE(ABORT, 'user_mfa.last_used_step only moves forward'); END;
--> statement-breakpoint
CREATE TRIGGER `mfa_recovery_codes_used_once` BEFORE UPDATE ON `mfa_recovery_codes`
WHEN OLD.`used_at` IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a used recovery code cannot change'); END;
