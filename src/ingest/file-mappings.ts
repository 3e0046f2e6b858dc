/**
 * Which mapping reads a file: the first `sources.<source>.files[]` entry whose `match` glob
 * matches the file's path below its source folder, or none (the contract's own shape). A
 * mapping's digest is recorded with every file it loaded, so a changed mapping is noticed.
 */
import { createHash } from "node:crypto"
import { closeSync, openSync, readSync } from "node:fs"
import { constants as zlibConstants, gunzipSync } from "node:zlib"
import picomatch from "picomatch"
import type { FileMapping, PresetName, Sources } from "../../schemas/mapping.ts"
import type { SourceName } from "../../schemas/sources.ts"
import type { Params } from "../duckdb/duckdb.ts"
import { InputUnreadable } from "../errors.ts"
import { utf16Order } from "./prepare-text.ts"
import type { InboxFile } from "./discover.ts"
import { presetMappings } from "./presets/index.ts"
import { csvRecords } from "./read-csv.ts"
import type { TextSource } from "./prepare-text.ts"

export interface AppliedMapping {
  readonly entry: FileMapping
  /** `sources.<source>.files[<index>]`, for messages. */
  readonly key: string
  readonly digest: string
  /** The preset recognised by its signature, when no configured entry matched the file. */
  readonly detected: PresetName | null
}

// Bumped when the same mapping would map differently (a changed conversion or preset), so files
// are read again.
const MAPPING_SEMANTICS = "4"

/** JSON with object keys sorted: the same mapping written in another key order is the same mapping. */
const canonical = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(Reflect.get(v, k))}`).join(",")}}`
  }
  return JSON.stringify(v) ?? "null"
}

/**
 * The digest of a config entry as written, without `match`: widening a glob changes which files a
 * mapping reads, not how it reads them. A preset is named, not expanded: its expansion can depend
 * on the file's header, and reading every inbox file's header every night costs a night's time.
 */
export const mappingDigest = (entry: FileMapping, source: SourceName): string => {
  const { match: _match, ...how } = entry
  const revision = entry.preset === undefined ? undefined : presetRevisions[entry.preset]
  // the source too: one preset reads one export as store events under store/ and as web events under web/
  return createHash("sha256").update(MAPPING_SEMANTICS).update(source).update(canonical(how))
    .update(revision === undefined ? "" : `preset revision ${revision}`).digest("hex").slice(0, 16)
}

/**
 * Bumped for one preset when it reads the same file differently, so that preset's files are read
 * again and no other's (MAPPING_SEMANTICS re-reads every mapped file). segment 2: lines of batch
 * calls are read message by message, where each was quarantined before.
 */
const presetRevisions: Partial<Record<PresetName, string>> = { segment: "2" }

const HEAD_BYTES = 262_144
// A header row of question texts can be megabytes (a Qualtrics export of 2,000 columns): the
// head grows to find a preset's header records, up to this
const MAX_HEAD_BYTES = 64 * 1024 * 1024

/** The start of a file (inflated, `length` bytes read, 256 KiB unless said): a header for presets and detection. */
export const headText = (file: InboxFile, length = HEAD_BYTES): string => {
  let fd: number | null = null
  try {
    fd = openSync(file.path, "r")
    const buffer = Buffer.alloc(length)
    const read = readSync(fd, buffer, 0, buffer.length, 0)
    const bytes = file.gzipped ? inflatePartial(buffer.subarray(0, read)) : buffer.subarray(0, read)
    // UTF-16 with its byte-order mark (Excel's "Unicode Text"), either way round, as ingest reads it
    const order = utf16Order(bytes)
    if (order !== null) return new TextDecoder(order).decode(bytes)
    return bytes.toString("utf8").replace(/^\uFEFF/, "")
  } catch {
    // a file that vanished or cannot be inflated: its reader says why
    return ""
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

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

/** How many of a file's first NDJSON records name its keys. */
const headRecords = 100

/**
 * Column or key names of a text file's header or first records, lower case (CSV: the header
 * row; NDJSON: the keys of its first 100 records and those nested below them; a JSON document
 * over many lines: the keys written near its top). Empty for other formats.
 */
export const headNames = (file: InboxFile, text: string = headText(file)): ReadonlySet<string> => {
  const names = new Set<string>()
  if (file.format === "csv") {
    for (const c of csvRecords(text, 1)[0] ?? []) names.add(c.trim().toLowerCase())
  } else if (file.format === "ndjson") {
    // The keys of the first records together: exports leave null fields out, so one record
    // may lack a key its neighbours have (a GA4 row without user_pseudo_id under consent mode).
    // Lines of NDJSON only when the first line is a record of its own: inside a pretty-printed
    // document some lines are objects too, but the document's keys are the ones written.
    const lines = text.split(/\r\n|\n|\r/, headRecords)
    const records = lines.map(jsonObject)
    if (records[0] !== null && records[0] !== undefined) {
      for (const r of records) if (r !== null) keysOf(r, names, 0)
    } else {
      for (const m of text.matchAll(/"([A-Za-z_][A-Za-z0-9_ ]*)"\s*:/g)) names.add((m[1] ?? "").toLowerCase())
    }
  }
  return names
}

/** A line of NDJSON as its object; null for anything else. */
const jsonObject = (line: string): object | null => {
  try {
    const value: unknown = JSON.parse(line)
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : null
  } catch {
    // a blank line, or the last line cut off by the head's end
    return null
  }
}

/** The top-level keys of an NDJSON file's first line, as written (empty when it is no JSON object). */
const firstRecordKeys = (file: InboxFile, text: string): ReadonlySet<string> =>
  new Set(file.format === "ndjson" ? Object.keys(jsonObject(text.split(/\r\n|\n|\r/, 1)[0] ?? "") ?? {}) : [])

// the start of a gzip stream inflates without its end
const inflatePartial = (bytes: Buffer): Buffer => gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH })

/**
 * The first n CSV records of a file, read from a longer head while the 256 KiB one ends inside
 * them (another record must have begun after the n-th, or the file have ended, for it to be whole).
 */
const headRecordsOf = (file: InboxFile, head: string, n: number, delimiter?: string, quote?: string): ReadonlyArray<ReadonlyArray<string>> => {
  let text = head
  for (let bytes = HEAD_BYTES; ; bytes *= 4) {
    const records = csvRecords(text, n + 1, delimiter, quote)
    if (records.length > n || bytes >= file.bytes || bytes >= MAX_HEAD_BYTES) return records.slice(0, n)
    text = headText(file, Math.min(bytes * 4, MAX_HEAD_BYTES))
  }
}

/**
 * A config entry as the mapping it stands for: a preset's mapping with the entry's own keys on
 * top (its fields replace the preset's field by field; its csv and timestamps key by key; its
 * json, filter and explode replace the preset's).
 */
export const expandPreset = (entry: FileMapping, file: InboxFile): FileMapping => {
  if (entry.preset === undefined) return entry
  // the file's start is read once, and only when the preset or the Airbyte check needs it
  let head: string | undefined
  const text = () => (head ??= headText(file))
  const preset = presetMappings[entry.preset]({
    source: file.source,
    sourcePath: file.sourcePath,
    options: entry.options ?? {},
    headRecords: (n, delimiter, quote) => headRecordsOf(file, text(), n, delimiter, quote),
    headNames: () => headNames(file, text()),
    firstRecordKeys: () => firstRecordKeys(file, text())
  })
  const csv = preset.csv === undefined && entry.csv === undefined ? {} : { csv: { ...preset.csv, ...entry.csv } }
  const timestamps = preset.timestamps === undefined && entry.timestamps === undefined ? {} : { timestamps: { ...preset.timestamps, ...entry.timestamps } }
  // Airbyte's JSON lines wrap each record ({"_airbyte_ab_id": …, "_airbyte_data": {…}})
  const wrapped = file.format === "ndjson" && headNames(file, text()).has("_airbyte_data")
  const chosen = entry.json ?? preset.json
  const json = wrapped && chosen?.root === undefined ? { ...chosen, root: "$._airbyte_data" } : chosen
  const filter = entry.filter ?? preset.filter
  const explode = entry.explode ?? preset.explode
  return {
    ...entry,
    ...(explode === undefined ? {} : { explode }),
    ...csv,
    ...timestamps,
    ...(json === undefined ? {} : { json }),
    ...(filter === undefined ? {} : { filter }),
    fields: { ...preset.fields, ...entry.fields }
  }
}

/** The index of the entry that reads a file at `path` below its source folder: the first whose glob matches (-1: none). */
const firstMatch = (entries: ReadonlyArray<FileMapping>, path: string): number => entries.findIndex((e) => picomatch.isMatch(path, e.match))

/** How the run names a config entry (the files' `mapping`, notes). */
const entryLabel = (source: string, index: number, entry: FileMapping): string =>
  `sources.${source}.files[${index}] (${entry.preset === undefined ? "" : `preset ${entry.preset}, `}match ${JSON.stringify(entry.match)})`

export const mappingFor = (sources: Sources, file: InboxFile): AppliedMapping | null => {
  const entries = sources[file.source]?.files ?? []
  const index = firstMatch(entries, file.sourcePath)
  const entry = entries[index]
  return entry === undefined ? null : applied(entry, file, entryLabel(file.source, index, entry))
}

/**
 * The configured mappings that read none of a source's files: their `match` matches no file
 * in the source's folder, or only files an earlier entry reads (the first match wins). Such an
 * entry is most likely a glob written for another layout (matched against the path below the
 * source folder, not the inbox), and the files it was meant for are read some other way. Said
 * only for a source whose folder has files: an emptied inbox is no mistake.
 */
export const unmatchedMappings = (sources: Sources, files: ReadonlyArray<Pick<InboxFile, "source" | "sourcePath">>): ReadonlyArray<string> =>
  Object.entries(sources).flatMap(([source, config]) => {
    const paths = files.filter((f) => f.source === source).map((f) => f.sourcePath).sort()
    if (paths.length === 0) return []
    const entries = config?.files ?? []
    return entries.flatMap((entry, index) => {
      const key = entryLabel(source, index, entry)
      const matched = paths.filter((p) => picomatch.isMatch(p, entry.match))
      const examples = (list: ReadonlyArray<string>) => list.slice(0, 3).map((p) => JSON.stringify(p)).join(", ") + (list.length > 3 ? ", …" : "")
      if (matched.length === 0) {
        return [`${key} matches none of the ${paths.length} file(s) in the inbox's ${source}/ folder (${examples(paths)}); ` +
          `the glob is matched against the path below ${source}/`]
      }
      const taken = matched.filter((p) => firstMatch(entries, p) !== index)
      if (taken.length === matched.length) {
        const by = [...new Set(taken.map((p) => firstMatch(entries, p)))].map((i) => `sources.${source}.files[${i}]`).join(", ")
        return [`${key} reads none of the ${matched.length} file(s) it matches: ${by} matches them first (the first entry that matches a file reads it)`]
      }
      return []
    })
  })

/** What a reader gets besides the file: its mapping, the text to read, and the run's shared parameters. */
export interface ReadContext {
  readonly mapping: AppliedMapping | null
  /** For text formats: where DuckDB reads the (normalised) text. */
  readonly text: TextSource
  /** $timezone, $min_at, $max_at: parameters every mapped select may use. */
  readonly params: Params
  /** The run's scratch folder, removed when ingest ends (src/ingest/ingest.ts). */
  readonly scratch: string
}

/** The mapping of a preset recognised by its signature (src/ingest/detect-preset.ts). */
export const detectedMapping = (preset: PresetName, file: InboxFile): AppliedMapping =>
  applied({ match: "**", preset }, file, `detected preset ${preset}`, preset)

/** The entry expands (a preset reads the file's header) only when a reader asks for it. */
const applied = (configured: FileMapping, file: InboxFile, key: string, detected: PresetName | null = null): AppliedMapping => {
  let expanded: FileMapping | null = null
  return {
    get entry() {
      expanded ??= expandPreset(configured, file)
      return expanded
    },
    key,
    digest: mappingDigest(configured, file.source),
    detected
  }
}

/** Why a file cannot be read with its mapping (a column it names is missing), naming the mapping. */
export const mappingUnreadable = (file: InboxFile, mapping: AppliedMapping | null, reason: string): InputUnreadable =>
  new InputUnreadable({
    file: file.relativePath,
    reason: mapping === null ? `${reason}; is it the format its name says?` : `${mapping.key}: ${reason}`
  })
