/** Ingest alone, on a hand-made inbox, into an in-memory warehouse: what a file becomes. */
import { Effect, Schema } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Sources } from "../../schemas/mapping.ts"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { discoverInbox } from "../../src/ingest/discover.ts"
import { ingestFiles, type IngestResult } from "../../src/ingest/ingest.ts"
import { tempDir } from "./temp.ts"

export interface IngestOutcome {
  readonly result: IngestResult
  /** Rows of each events_<source> table (with `at`, occurred_at as ISO text, and `file`, its path) and of the quarantine, JSON-safe, in row order. */
  readonly events: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>
  readonly quarantine: ReadonlyArray<Record<string, unknown>>
}

/** Writes `files` (path below the inbox → content) into a fresh inbox. */
export const writeInbox = (files: Readonly<Record<string, string | Buffer>>, inbox = join(tempDir(), "inbox")): string => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(inbox, path)), { recursive: true })
    writeFileSync(join(inbox, path), content)
  }
  return inbox
}

export interface IngestTestOptions {
  readonly sources?: unknown
  readonly now?: Date
  readonly minTimestamp?: string
  readonly timezone?: string
  readonly preview?: number
  /** A warehouse file, for several runs on one warehouse; default: a fresh one in memory. */
  readonly warehouse?: string
}

/** Ingests an inbox folder; `sources` is the config's `sources` key, decoded as the CLI would. */
export const ingestFolder = (inbox: string, options: IngestTestOptions = {}): Promise<IngestOutcome> =>
  Effect.runPromise(Effect.gen(function*() {
    const db = yield* Duckdb
    const discovered = yield* discoverInbox(inbox)
    const result = yield* ingestFiles(db, {
      runId: "test",
      timezone: options.timezone ?? "Europe/Berlin",
      piiKey: Buffer.from("test-key"),
      maxQuarantineShare: 1,
      now: options.now ?? new Date("2026-06-01T00:00:00Z"),
      sources: Schema.decodeUnknownSync(Sources)(options.sources ?? {}),
      ...(options.minTimestamp === undefined ? {} : { minTimestamp: options.minTimestamp }),
      ...(options.preview === undefined ? {} : { preview: options.preview })
    }, discovered)
    const events: Record<string, ReadonlyArray<Record<string, unknown>>> = {}
    for (const s of ["web", "store", "survey", "support", "delivery", "review"]) {
      events[s] = (yield* db.all(
        `select e.* exclude (run_id), strftime(e.occurred_at, '%Y-%m-%dT%H:%M:%S.%fZ') as at, f.path as file
from events_${s} as e inner join input_files as f on f.file_id = e.file_id
order by e.file_id, e.row_number`
      )).map((r) => ({ ...r }))
    }
    const quarantine = (yield* db.all("select file, row_number, rule, message, raw from quarantine order by file, row_number")).map((r) => ({ ...r }))
    return { result, events, quarantine }
  }).pipe(Effect.provide(layer({ path: options.warehouse ?? ":memory:", threads: 2, memoryLimit: "1GB" }))))

export const ingestInbox = (files: Readonly<Record<string, string | Buffer>>, options: IngestTestOptions = {}): Promise<IngestOutcome> =>
  ingestFolder(writeInbox(files), options)
