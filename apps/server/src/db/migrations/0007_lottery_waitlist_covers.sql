CREATE TABLE "activity_covers" (
	"activity_id" bigint PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"data" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "cover_version" integer;--> statement-breakpoint
ALTER TABLE "activity_sessions" ADD COLUMN "entrants_digest" text;--> statement-breakpoint
ALTER TABLE "lottery_entries" ADD COLUMN "ticket_id" bigint;--> statement-breakpoint
ALTER TABLE "lottery_entries" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;