/**
 * Failures a user can act on. Each message names the file, key or source and says what to do;
 * the CLI maps the tags to exit codes in one place (src/cli/exit-codes.ts).
 */
import { Schema } from "effect"

export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  message: Schema.String
}) {}

export class UsageInvalid extends Schema.TaggedError<UsageInvalid>()("UsageInvalid", {
  message: Schema.String
}) {}

export class WarehouseError extends Schema.TaggedError<WarehouseError>()("WarehouseError", {
  message: Schema.String
}) {}

export class InputUnreadable extends Schema.TaggedError<InputUnreadable>()("InputUnreadable", {
  file: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.file}: ${this.reason}`
  }
}

export class QuarantineLimitExceeded extends Schema.TaggedError<QuarantineLimitExceeded>()("QuarantineLimitExceeded", {
  source: Schema.String,
  share: Schema.Number,
  limit: Schema.Number,
  quarantined: Schema.Number,
  read: Schema.Number,
  run_id: Schema.String,
  /** Configured mappings that read no file (src/ingest/file-mappings.ts): often why the rows broke the contract. */
  unmatched_mappings: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] })
}) {
  override get message() {
    const pct = (x: number) => `${(100 * x).toFixed(1)} %`
    return `${this.quarantined} of ${this.read} rows read from source '${this.source}' were quarantined (${pct(this.share)}, ` +
      `limit ${pct(this.limit)}); nothing was published. See the rows with \`pnpm pipeline quarantine --run ${this.run_id}\`, ` +
      `fix the files, or raise --max-quarantine-share.` +
      this.unmatched_mappings.map((m) => `\n${m}`).join("")
  }
}

/** The Markov/Shapley fit (a worker thread) failed: a bug or too little memory, not bad input. */
export class AttributionFitFailed extends Schema.TaggedError<AttributionFitFailed>()("AttributionFitFailed", {
  message: Schema.String
}) {}

export class PublishFailed extends Schema.TaggedError<PublishFailed>()("PublishFailed", {
  message: Schema.String
}) {}

export class FileSystemError extends Schema.TaggedError<FileSystemError>()("FileSystemError", {
  message: Schema.String
}) {}

/** `validate` found rows or files that break the contract. */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("ValidationFailed", {
  message: Schema.String
}) {}

export class GenerateFailed extends Schema.TaggedError<GenerateFailed>()("GenerateFailed", {
  message: Schema.String
}) {}

/** `status` found the last run failed or the data stale: a monitor should alarm. */
export class StatusUnhealthy extends Schema.TaggedError<StatusUnhealthy>()("StatusUnhealthy", {
  message: Schema.String
}) {}
