/**
 * Which preset a file in no configured mapping's reach is an export of, by an unmistakable
 * signature in its header or first record: column or key names (case-insensitive) that only
 * that system writes, together. A file that fits none, more than one, or also has the
 * contract's required fields is not guessed at: it is read in the contract's shape.
 */
import { Effect } from "effect"
import { presetSources, type PresetName } from "../../schemas/mapping.ts"
import { sourceColumns } from "../../schemas/sources.ts"
import type { Statements } from "../duckdb/duckdb.ts"
import type { Format, InboxFile } from "./discover.ts"
import { headNames, headText } from "./file-mappings.ts"
import { isEnrichedTsv } from "./presets/snowplow.ts"
import { csvRecords } from "./read-csv.ts"

const snowplowNames = ["collector_tstamp", "event_id", "domain_userid", "event", "v_collector"]

interface Signature {
  readonly preset: PresetName
  /** The formats the system exports this way (a GA4 table as CSV has no nested columns to read). */
  readonly formats: ReadonlyArray<Format>
  /** Every one of these names must be there. */
  readonly all: ReadonlyArray<string>
  /** And at least one of these, when given. */
  readonly any?: ReadonlyArray<string>
}

const signatures: ReadonlyArray<Signature> = [
  { preset: "ga4", formats: ["ndjson", "parquet"], all: ["event_timestamp", "event_name", "user_pseudo_id", "event_params"] },
  // the raw messages; a warehouse table's flattened names are too common to tell apart
  { preset: "segment", formats: ["ndjson", "parquet"], all: ["messageid", "type"], any: ["anonymousid", "userid"] },
  { preset: "snowplow", formats: ["csv", "ndjson", "parquet"], all: snowplowNames },
  { preset: "shopify_orders", formats: ["csv"], all: ["name", "financial status", "lineitem name", "created at", "total"] },
  // Zendesk's streams, each with the names that only it writes together
  { preset: "zendesk", formats: ["csv", "ndjson", "parquet"], all: ["requester_id", "submitter_id", "status"], any: ["via", "via_channel"] },
  { preset: "zendesk", formats: ["ndjson"], all: ["ticket_id", "author_id", "events", "via"] },
  { preset: "zendesk", formats: ["csv", "ndjson", "parquet"], all: ["ticket_id", "public", "body"], any: ["author_id", "user_id"] },
  { preset: "zendesk", formats: ["csv", "parquet"], all: ["ticket_id", "field_name", "value", "updated"] },
  { preset: "qualtrics", formats: ["csv"], all: ["responseid", "recordeddate", "startdate", "enddate", "finished"] },
  // the legacy exporter: ResponseID and ResponseSet, no RecordedDate
  { preset: "qualtrics", formats: ["csv"], all: ["responseid", "responseset", "startdate", "enddate", "finished"] },
  { preset: "trustpilot", formats: ["csv"], all: ["review created (utc)", "review stars"] },
  // a page of the API's reviews.list response; an empty page still has its totals
  { preset: "google_reviews", formats: ["ndjson"], all: ["reviews"], any: ["starrating", "totalreviewcount", "averagerating"] },
  // a batchGetReviews response: the reviews of several locations
  { preset: "google_reviews", formats: ["ndjson"], all: ["locationreviews", "review"], any: ["starrating", "reviewid"] }
]

/** Column or key names of a file's header or first record, lower case; null when it has none to read. */
const namesOf = (db: Statements, file: InboxFile): Effect.Effect<ReadonlySet<string> | null> => {
  if (file.format === "parquet") {
    return db.all("describe select * from read_parquet($path)", { path: file.path }).pipe(
      Effect.map((rows) => new Set(rows.map((r) => String(r["column_name"]).toLowerCase()))),
      Effect.orElseSucceed(() => null)
    )
  }
  if (file.format === "arrow") return Effect.succeed(null)
  return Effect.sync(() => headText(file)).pipe(Effect.map((text) => {
    // Snowplow's enriched TSV has no header: its shape is the signature
    if (file.format === "csv" && isEnrichedTsv(csvRecords(text, 1, "\t", "")[0] ?? [])) return new Set(snowplowNames)
    const names = headNames(file, text)
    return names.size === 0 ? null : names
  }))
}

export const detectPreset = (db: Statements, file: InboxFile): Effect.Effect<PresetName | null> =>
  // no preset loads this source from this format: nothing to open the file for
  !signatures.some((s) => presetSources[s.preset].includes(file.source) && s.formats.includes(file.format))
    ? Effect.succeed(null)
    : namesOf(db, file).pipe(Effect.map((names) => {
    if (names === null) return null
    // a file in the contract's own shape is never taken for an export
    if (sourceColumns(file.source).filter((c) => c.required).every((c) => names.has(c.name))) return null
    const fits = signatures.filter((s) =>
      presetSources[s.preset].includes(file.source) && s.formats.includes(file.format) &&
      s.all.every((n) => names.has(n)) && (s.any === undefined || s.any.some((n) => names.has(n)))
    )
    // a preset may have several signatures (one per stream of an export)
    const presets = [...new Set(fits.map((s) => s.preset))]
    return presets.length === 1 ? presets[0] ?? null : null
  }))

