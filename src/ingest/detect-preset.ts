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
import { headText } from "./file-mappings.ts"
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
  { preset: "qualtrics", formats: ["csv"], all: ["responseid", "recordeddate", "startdate", "enddate", "finished"] },
  { preset: "trustpilot", formats: ["csv"], all: ["review created (utc)", "review stars"] },
  // a page of the API's reviews.list response; an empty page still has its totals
  { preset: "google_reviews", formats: ["ndjson"], all: ["reviews"], any: ["starrating", "totalreviewcount", "averagerating"] }
]

const keysOf = (value: unknown, into: Set<string>, depth: number): void => {
  if (depth > 2 || value === null || typeof value !== "object") return
  if (Array.isArray(value)) {
    if (value.length > 0) keysOf(value[0], into, depth + 1)
    return
  }
  for (const [k, v] of Object.entries(value)) {
    into.add(k.toLowerCase())
    keysOf(v, into, depth + 1)
  }
}

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
    const first = text.split(/\r\n|\n|\r/, 1)[0] ?? ""
    if (file.format === "csv") {
      // Snowplow's enriched TSV has no header: its shape is the signature
      if (isEnrichedTsv(csvRecords(text, 1, "\t", "")[0] ?? [])) return new Set(snowplowNames)
      return new Set((csvRecords(text, 1)[0] ?? []).map((c) => c.trim().toLowerCase()))
    }
    // NDJSON: the first line's object; a JSON document (an API response): its keys near the top
    const names = new Set<string>()
    try {
      keysOf(JSON.parse(first), names, 0)
    } catch {
      for (const m of text.matchAll(/"([A-Za-z_][A-Za-z0-9_ ]*)"\s*:/g)) names.add((m[1] ?? "").toLowerCase())
    }
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
    return fits.length === 1 ? fits[0]?.preset ?? null : null
  }))

