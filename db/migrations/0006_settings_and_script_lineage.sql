CREATE TABLE `instance_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value_json` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `consent_scripts` ADD `based_on` text;--> statement-breakpoint
-- The cached status of a consent record always equals its latest event, and a final status never changes.
CREATE TRIGGER `consent_records_status_follows_history` BEFORE UPDATE OF `status` ON `consent_records`
WHEN NEW.`status` IS NOT (SELECT `type` FROM `consent_events` WHERE `record_id` = NEW.`id` ORDER BY `rowid` DESC LIMIT 1)
BEGIN
  SELECT RAISE(ABORT, 'consent status must follow its event history: append an event');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_records_final_status` BEFORE UPDATE OF `status` ON `consent_records`
WHEN OLD.`status` IN ('refused', 'withdrawn', 'revoked', 'expired') AND NEW.`status` IS NOT OLD.`status`
BEGIN
  SELECT RAISE(ABORT, 'a refused, withdrawn, revoked or expired consent is final: record a new consent');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_events_after_final` BEFORE INSERT ON `consent_events`
WHEN (SELECT `type` FROM `consent_events` WHERE `record_id` = NEW.`record_id` ORDER BY `rowid` DESC LIMIT 1) IN ('refused', 'withdrawn', 'revoked', 'expired')
BEGIN
  SELECT RAISE(ABORT, 'a refused, withdrawn, revoked or expired consent is final: record a new consent');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_override_approvals_no_update` BEFORE UPDATE ON `consent_override_approvals`
BEGIN
  SELECT RAISE(ABORT, 'override approvals are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `consent_override_approvals_no_delete` BEFORE DELETE ON `consent_override_approvals`
BEGIN
  SELECT RAISE(ABORT, 'override approvals are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `instance_settings_no_delete` BEFORE DELETE ON `instance_settings`
BEGIN
  SELECT RAISE(ABORT, 'settings are changed, never deleted');
END;
