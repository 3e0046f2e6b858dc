/**
 * Writes a run's tables as Parquet into a new version folder, then the manifest, then swaps
 * the version in (see atomic-swap.ts). Parquet for BI tools: ZSTD, TIMESTAMP WITH TIME ZONE as
 * UTC microseconds, flat columns, Hive partitions (`month=YYYY-MM`) only on large tables.
 */
import { Effect } from "effect"
import { createHash } from "node:crypto"
import { mkdirSync, renameSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import type { DuckdbService, Params } from "../duckdb/duckdb.ts"
import { PublishFailed, type WarehouseError } from "../errors.ts"
import { layoutFor, prepareVersion, swapIn } from "./atomic-swap.ts"

export interface TableOutput {
  readonly name: string
  /** A select of named columns; `month` is added by the publisher when partitioned. */
  readonly sql: string
  readonly params?: Params
  /** An expression over the select's columns giving the partition's YYYY-MM. */
  readonly monthOf?: string
}

export interface PublishedTable {
  readonly name: string
  readonly rows: number
  readonly files: ReadonlyArray<string>
  readonly partitioned_by: ReadonlyArray<string>
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>
}

export interface Manifest {
  readonly run_id: string
  readonly started_at: string
  readonly published_at: string
  readonly config_digest: string
  readonly input_files: ReadonlyArray<unknown>
  readonly window: { readonly since: string | null; readonly until: string | null }
  readonly tables: ReadonlyArray<PublishedTable>
}

const copyOptions = "format parquet, compression zstd, return_files true"

const writeTable = (db: DuckdbService, dir: string, table: TableOutput): Effect.Effect<PublishedTable, WarehouseError | PublishFailed> =>
  Effect.gen(function*() {
    const tableDir = join(dir, table.name)
    yield* Effect.try({ try: () => mkdirSync(tableDir, { recursive: true }), catch: (e) => new PublishFailed({ message: String(e) }) })
    const params = table.params ?? {}
    const described = yield* db.all(`describe ${table.sql}`, params)
    const columns = described.map((r) => ({ name: String(r["column_name"]), type: String(r["column_type"]) }))
    const [count] = yield* db.all(`select count(*)::bigint as n from (${table.sql})`, params)
    const rows = Number(count?.["n"] ?? 0)
    const partitioned = table.monthOf !== undefined && rows > 0
    const sql = partitioned
      ? `copy (select *, ${table.monthOf} as month from (${table.sql})) to $target (${copyOptions}, partition_by (month))`
      : `copy (${table.sql}) to $target (${copyOptions})`
    const target = partitioned ? tableDir : join(tableDir, "data_0.parquet")
    const result = yield* db.all(sql, { ...params, target })
    const files = result.flatMap((r) => {
      const f = r["Files"]
      return Array.isArray(f) ? f.map((p) => relative(dir, String(p)).split("\\").join("/")) : []
    }).sort()
    return {
      name: table.name,
      rows,
      files,
      partitioned_by: partitioned ? ["month"] : [],
      columns: partitioned ? [...columns, { name: "month", type: "VARCHAR" }] : columns
    }
  })

export interface PublishOptions {
  readonly out: string
  readonly runId: string
  readonly tables: ReadonlyArray<TableOutput>
  readonly manifest: Omit<Manifest, "tables" | "published_at">
  readonly now: () => Date
}

export const publish = (db: DuckdbService, options: PublishOptions): Effect.Effect<Manifest, WarehouseError | PublishFailed> =>
  Effect.gen(function*() {
    const layout = layoutFor(options.out)
    const dir = yield* prepareVersion(layout, options.runId)
    const tables = yield* Effect.forEach(options.tables, (t) => writeTable(db, dir, t))
    const manifest: Manifest = { ...options.manifest, published_at: options.now().toISOString(), tables }
    yield* Effect.try({
      try: () => {
        const tmp = join(dir, "_manifest.json.tmp")
        writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n")
        renameSync(tmp, join(dir, "_manifest.json"))
      },
      catch: (e) => new PublishFailed({ message: `cannot write the manifest: ${String(e)}` })
    })
    yield* swapIn(layout, options.runId)
    return manifest
  })

export const digest = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex")
