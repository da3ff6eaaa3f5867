CREATE TABLE "job_failures" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"values" jsonb NOT NULL,
	"problems" jsonb NOT NULL,
	CONSTRAINT "job_failures_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
