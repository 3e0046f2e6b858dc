/** Runs the real pipeline in-process on temp folders and reads back what it published. */
import { DuckDBInstance } from "@duckdb/node-api"
import { Effect, Schema } from "effect"
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { runPipeline, type RunSummary } from "../../pipelines/run.ts"
import { Config } from "../../schemas/config.ts"
import { layer } from "../../src/duckdb/duckdb.ts"

export { tempDir } from "./temp.ts"
import { tempDir } from "./temp.ts"

export interface Workspace {
  readonly dir: string
  readonly inbox: string
  readonly out: string
  readonly warehouse: string
}

/** A fresh workspace; `fixture` (a folder under tests/fixtures) is copied into its inbox. */
export const workspace = (fixture?: string): Workspace => {
  const dir = tempDir()
  const inbox = join(dir, "inbox")
  if (fixture !== undefined) cpSync(join(import.meta.dirname, "..", "fixtures", fixture), inbox, { recursive: true })
  return { dir, inbox, out: join(dir, "out"), warehouse: join(dir, "warehouse.duckdb") }
}

/** An NDJSON line of a web page view (fields in `extra` added or replaced). */
export const webLine = (id: string, at: string, anonymousId: string, extra: Record<string, string> = {}): string =>
  JSON.stringify({ event_id: id, occurred_at: at, anonymous_id: anonymousId, event_type: "page_view", page_url: "https://shop.example/p/1", ...extra })

/** Writes NDJSON lines as `<inbox>/<source>/<name>.ndjson`, as a night's file arriving. */
export const deliverLines = (ws: Workspace, name: string, lines: ReadonlyArray<string>, source = "web"): void => {
  mkdirSync(join(ws.inbox, source), { recursive: true })
  writeFileSync(join(ws.inbox, source, `${name}.ndjson`), lines.join("\n") + "\n")
}

export const configFor = (ws: Workspace, overrides: Record<string, unknown> = {}): Config =>
  Schema.decodeUnknownSync(Config)({
    paths: { inbox: ws.inbox, out: ws.out, warehouse: ws.warehouse },
    duckdb: { threads: 2, memoryLimit: "2GB" },
    ...overrides
  })

interface Window {
  readonly since: string | null
  readonly until: string | null
}

const pipelineRun = (ws: Workspace, overrides: Record<string, unknown>, piiKey: string, fullRefresh = false, window: Window = { since: null, until: null }) => {
  const config = configFor(ws, overrides)
  return runPipeline({ config, piiKeyFromEnv: piiKey, ...window, fullRefresh, trigger: "test" }).pipe(
    Effect.provide(layer({ path: config.paths.warehouse, threads: 2, memoryLimit: "2GB" }))
  )
}

export const runOnce = (ws: Workspace, overrides: Record<string, unknown> = {}, piiKey = "test-key", fullRefresh = false): Promise<RunSummary> =>
  Effect.runPromise(pipelineRun(ws, overrides, piiKey, fullRefresh))

/** Runs with --since/--until (inclusive business dates). */
export const runWindowed = (ws: Workspace, window: Window, overrides: Record<string, unknown> = {}): Promise<RunSummary> =>
  Effect.runPromise(pipelineRun(ws, overrides, "test-key", false, window))

/** Runs and returns the failure's tag and message instead of throwing. */
export const runExpectingFailure = (ws: Workspace, overrides: Record<string, unknown> = {}) =>
  Effect.runPromise(Effect.flip(pipelineRun(ws, overrides, "test-key")))

/** Rows of a published table (all its Parquet files), as JSON-safe values, in the given order. */
export const readTable = async (out: string, table: string, orderBy = "1"): Promise<Array<Record<string, unknown>>> => {
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  try {
    await con.run("set TimeZone = 'UTC'")
    const reader = await con.runAndReadAll(
      `select * from read_parquet($glob, hive_partitioning = true, union_by_name = true) order by ${orderBy}`,
      { glob: join(out, table, "**", "*.parquet") }
    )
    return reader.getRowObjectsJson() as Array<Record<string, unknown>>
  } finally {
    con.closeSync()
    instance.closeSync()
  }
}

/** Runs one query against a warehouse file after the pipeline closed it. */
export const queryWarehouse = async (path: string, sql: string): Promise<Array<Record<string, unknown>>> => {
  const instance = await DuckDBInstance.create(path)
  const con = await instance.connect()
  try {
    await con.run("set TimeZone = 'UTC'")
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>
  } finally {
    con.closeSync()
    instance.closeSync()
  }
}

/** Every file below `dir`, with its full path. */
export const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]))

// Lineage says which run and file an event came from; it is what may differ between runs.
const LINEAGE = new Set(["run_id", "file_id", "row_number"])

/** Every published table's rows without lineage columns, sorted, as JSON text, by table name. */
export const publishedContent = async (out: string): Promise<Record<string, string>> => {
  const manifest = JSON.parse(readFileSync(join(out, "_manifest.json"), "utf8")) as { tables: Array<{ name: string; columns: Array<{ name: string }> }> }
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  try {
    await con.run("set TimeZone = 'UTC'")
    const content: Record<string, string> = {}
    for (const t of manifest.tables) {
      const columns = t.columns.map((c) => c.name).filter((c) => !LINEAGE.has(c)).map((c) => `"${c}"`)
      const r = await con.runAndReadAll(
        `select ${columns.join(", ")} from read_parquet($glob, hive_partitioning = true, union_by_name = true) order by all`,
        { glob: join(out, t.name, "**", "*.parquet") }
      )
      content[t.name] = JSON.stringify(r.getRowObjectsJson())
    }
    return content
  } finally {
    con.closeSync()
    instance.closeSync()
  }
}
