CREATE TABLE `checklist_items` (
	`interview_id` text NOT NULL,
	`item_id` text NOT NULL,
	`applicable` integer DEFAULT true NOT NULL,
	`gate` text NOT NULL,
	`fingerprint` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`evidence_sealed` text,
	`na_reason_sealed` text,
	`na_approval` text DEFAULT 'none' NOT NULL,
	`na_requested_by` text,
	`na_decided_by` text,
	`na_decided_at` integer,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`interview_id`, `item_id`),
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checklist_items_approval_idx` ON `checklist_items` (`na_approval`);--> statement-breakpoint
CREATE TABLE `interview_collaborators` (
	`interview_id` text NOT NULL,
	`user_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`interview_id`, `user_id`),
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interview_collaborators_user_idx` ON `interview_collaborators` (`user_id`);--> statement-breakpoint
CREATE TABLE `interview_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body_sealed` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `interview_comments_interview_idx` ON `interview_comments` (`interview_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `interviews` (
	`id` text PRIMARY KEY NOT NULL,
	`code_name` text NOT NULL,
	`source_type` text NOT NULL,
	`minor` integer DEFAULT false NOT NULL,
	`in_custody` integer DEFAULT false NOT NULL,
	`recent_trauma` integer DEFAULT false NOT NULL,
	`custody_holder` text,
	`outlet` text NOT NULL,
	`desk_id` text NOT NULL,
	`planned_date` text,
	`setting` text NOT NULL,
	`source_language` text NOT NULL,
	`interview_language` text NOT NULL,
	`interpreter` text NOT NULL,
	`notes_sealed` text,
	`status` text DEFAULT 'preparing' NOT NULL,
	`owner_id` text NOT NULL,
	`guidance_version` text NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`desk_id`) REFERENCES `desks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "interviews_custody_check" CHECK("interviews"."source_type" <> 'pow' or "interviews"."in_custody" = 1)
);
--> statement-breakpoint
CREATE INDEX `interviews_desk_idx` ON `interviews` (`desk_id`,`planned_date`);--> statement-breakpoint
CREATE INDEX `interviews_owner_idx` ON `interviews` (`owner_id`);