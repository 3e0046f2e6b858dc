/**
 * Writes a run's tables as Parquet into a new version folder, then the manifest, then swaps
 * the version in (see atomic-swap.ts). Parquet for BI tools: ZSTD, TIMESTAMP WITH TIME ZONE as
 * UTC microseconds, flat columns, Hive partitions (`month=YYYY-MM`) only on large tables.
 */
import { Effect } from "effect"
import { createHash } from "node:crypto"
import { existsSync, linkSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { profiled, textList, type DuckdbService, type Params } from "../duckdb/duckdb.ts"
import { PublishFailed, type WarehouseError } from "../errors.ts"
import { layoutFor, prepareVersion, swapIn } from "./atomic-swap.ts"
import { monthOfInstant, type InstantMonth } from "./month-of.ts"

export interface TableOutput {
  readonly name: string
  /** A select of named columns; `month` is added by the publisher when partitioned. */
  readonly sql: string
  /**
   * The order rows are written in (an ORDER BY list over the select's columns). Kept apart from
   * `sql` so the content digests, which do not depend on order, skip the sort. Left out for
   * the large tables (staging events, identity_map, customers, touchpoints, conversions,
   * journeys, paths, attribution_credits): sorting their million-row partitions cost about as
   * much as writing them (at 5 M events, 2–3 s of a night's 7.5–8.5 s publish, and 0.4–0.6 GB
   * more peak memory), and Parquet readers promise no row order anyway.
   */
  readonly orderBy?: string
  readonly params?: Params
  /** An expression over the select's columns giving the partition's YYYY-MM. */
  readonly monthOf?: string
  /**
   * Or the partition's month is an instant column's business month (`monthOf` is then
   * computed for the rows being published: month-of.ts).
   */
  readonly monthOfInstant?: InstantMonth
  /**
   * Rows are only ever added, and each row's `file_id` column names the input file it came
   * from (the staging tables). Such a table may be published by adding a file of the rows of
   * newer files to each partition they fall in (see `PublishOptions.appendOnly`).
   */
  readonly appendOnly?: boolean
}

export interface PublishedPartition {
  /** The partition's month (YYYY-MM), or null for an unpartitioned table. */
  readonly month: string | null
  readonly rows: number
  /** Order-independent content digest: the sum of DuckDB's hash of every row. */
  readonly digest: string
  readonly files: ReadonlyArray<string>
  /** True when the files were carried over (hard-linked) from the previous version unchanged. */
  readonly reused: boolean
}

export interface PublishedTable {
  readonly name: string
  readonly rows: number
  readonly files: ReadonlyArray<string>
  readonly partitioned_by: ReadonlyArray<string>
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>
  readonly partitions: ReadonlyArray<PublishedPartition>
}

export interface Manifest {
  readonly run_id: string
  readonly started_at: string
  readonly published_at: string
  readonly config_digest: string
  readonly input_files: ReadonlyArray<unknown>
  readonly window: { readonly since: string | null; readonly until: string | null }
  /** The newest input file whose rows the append-only tables include. */
  readonly through_file_id: number
  readonly tables: ReadonlyArray<PublishedTable>
  /** Per source: this run's files and rows, and what the version holds (README, "Outputs"). */
  readonly sources: ReadonlyArray<ManifestSource>
  /** The run's report (`report.html`), written into the version with the tables. */
  readonly report: PublishedDocument | null
}

/** A file's rows as `input_files` counts them, or their sums. */
export interface RowCounts {
  readonly rows_read: number
  readonly accepted: number
  readonly quarantined: number
  readonly duplicates: number
  readonly filtered: number
  readonly suppressed: number
}

/** The counts are this run's rows, summed over its files (as `input_files`). */
export interface ManifestSource extends RowCounts {
  readonly source: string
  /** This run's input files of the source by status. */
  readonly files_loaded: number
  readonly files_skipped: number
  readonly files_unreadable: number
  /** quarantined / rows_read; null when nothing was read. */
  readonly quarantine_share: number | null
  /** The rows of the published `events_<source>`. */
  readonly events: number
  /** The newest `occurred_at` of those rows (ISO 8601 UTC), null when there are none. */
  readonly newest_event_at: string | null
}

/** A file beside the tables in a version, such as the report. */
export interface PublishedDocument {
  readonly file: string
  readonly bytes: number
  readonly sha256: string
  readonly language: string
}

// ZSTD level 1, as Arrow's writers default to: 6 % larger files than DuckDB's default level 3,
// written in about a quarter less time (1.2 M touchpoints: 1.0–1.2 s against 1.3–1.8 s).
const parquetOptions = "format parquet, compression zstd, compression_level 1"
const copyOptions = `${parquetOptions}, return_files true`

/**
 * Rows and the order-independent content digest (the sum of DuckDB's row hashes) per
 * partition (one row, month null, for a table without partitions). A partitioned table's row
 * without a month would be counted and written in no partition: an error.
 */
const partitionDigests = (db: DuckdbService, table: TableOutput, sql: string, params: Params) =>
  Effect.gen(function*() {
    const digests = yield* db.all(
      `select ${table.monthOf ?? "null"} as month, count(*)::bigint as n, coalesce(sum(hash(t)), 0)::varchar as digest
from (${sql}) as t group by all order by 1`,
      params
    )
    if (table.monthOf !== undefined && digests.some((r) => r["month"] === null)) {
      return yield* new PublishFailed({ message: `table ${table.name}: rows without a month (${table.monthOf} is null); they would be published in no partition` })
    }
    return digests
  })

/** The table with `monthOf` computed when its month is an instant's business month. */
const withMonths = (db: DuckdbService, table: TableOutput): Effect.Effect<TableOutput, WarehouseError> =>
  table.monthOfInstant === undefined
    ? Effect.succeed(table)
    : Effect.map(monthOfInstant(db, table.sql, table.params ?? {}, table.monthOfInstant), (month) => ({
      ...table,
      monthOf: month.sql,
      params: { ...table.params, ...month.params }
    }))

const orderClause = (table: TableOutput): string => (table.orderBy === undefined ? "" : `\norder by ${table.orderBy}`)

const fail = (e: unknown) => new PublishFailed({ message: e instanceof Error ? e.message : String(e) })

interface PreviousVersion {
  readonly dir: string
  readonly tables: ReadonlyMap<string, PublishedTable>
  readonly throughFileId: number | null
}

/** The version `<out>` points at now, if it has a manifest this code can read. */
const previousVersion = (out: string): PreviousVersion | null => {
  try {
    const dir = realpathSync(out)
    const parsed: unknown = JSON.parse(readFileSync(join(dir, "_manifest.json"), "utf8"))
    const tables: unknown = typeof parsed === "object" && parsed !== null ? Reflect.get(parsed, "tables") : undefined
    if (!Array.isArray(tables)) return null
    const byName = new Map<string, PublishedTable>()
    for (const t of tables as ReadonlyArray<PublishedTable>) {
      if (Array.isArray(t.partitions)) byName.set(t.name, t)
    }
    const through: unknown = typeof parsed === "object" && parsed !== null ? Reflect.get(parsed, "through_file_id") : undefined
    return { dir, tables: byName, throughFileId: typeof through === "number" ? through : null }
  } catch {
    return null
  }
}

const sameColumns = (a: PublishedTable["columns"], b: PublishedTable["columns"]) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Writes one table. A partition (or an unpartitioned table) whose content digest and columns
 * equal the previous version's is hard-linked from there instead of written again, so a night
 * that touched one month rewrites one month.
 */
const writeTable = (
  db: DuckdbService,
  dir: string,
  table: TableOutput,
  previous: PreviousVersion | null
): Effect.Effect<PublishedTable, WarehouseError | PublishFailed> =>
  Effect.gen(function*() {
    const tableDir = join(dir, table.name)
    yield* Effect.try({ try: () => mkdirSync(tableDir, { recursive: true }), catch: fail })
    const params = table.params ?? {}
    const described = yield* db.all(`describe ${table.sql}`, params)
    const baseColumns = described.map((r) => ({ name: String(r["column_name"]), type: String(r["column_type"]) }))
    const monthOf = table.monthOf ?? "null"
    const digests = yield* partitionDigests(db, table, table.sql, params)
    const rows = digests.reduce((a, r) => a + Number(r["n"]), 0)
    const partitioned = table.monthOf !== undefined && rows > 0
    const columns = partitioned ? [...baseColumns, { name: "month", type: "VARCHAR" }] : baseColumns
    const before = previous?.tables.get(table.name)
    const reusable = before !== undefined && previous !== null && sameColumns(before.columns, columns)
      ? new Map(before.partitions.map((p) => [p.month, p]))
      : new Map<string | null, PublishedPartition>()
    const partitions: Array<PublishedPartition> = []
    const toWrite: Array<string> = []
    const toLink: Array<string> = []
    for (const r of digests) {
      const month = partitioned ? String(r["month"]) : null
      const digest = String(r["digest"])
      const old = reusable.get(month)
      const oldFiles = old?.files.map((f) => join(previous?.dir ?? "", f)) ?? []
      if (rows > 0 && old !== undefined && old.digest === digest && old.rows === Number(r["n"]) && oldFiles.every((f) => existsSync(f))) {
        toLink.push(...old.files)
        partitions.push({ month, rows: Number(r["n"]), digest, files: old.files, reused: true })
      } else {
        toWrite.push(month ?? "")
        partitions.push({ month, rows: Number(r["n"]), digest, files: [], reused: false })
      }
    }
    let written: Array<string> = []
    const everyMonth = toWrite.length === digests.length
    if (partitioned && toWrite.length > 0) {
      // when every partition is written, no filter takes each row's month a second time
      const onlyMonths = everyMonth ? "" : ` where ${monthOf} in (select unnest($months))`
      const result = yield* db.all(
        `copy (select *, ${monthOf} as month from (${table.sql})${onlyMonths}${orderClause(table)})
to $target (${copyOptions}, partition_by (month))`,
        { ...params, target: tableDir, ...(everyMonth ? {} : { months: textList(toWrite) }) }
      )
      written = filesOf(result, dir)
    } else if (!partitioned && (toWrite.length > 0 || rows === 0)) {
      const result = yield* db.all(`copy (${table.sql}${orderClause(table)}) to $target (${copyOptions})`, { ...params, target: join(tableDir, "data_0.parquet") })
      written = filesOf(result, dir)
    }
    // Linked after the COPY: DuckDB refuses to write partitions into a folder that is not empty.
    yield* linkFiles(dir, previous?.dir ?? "", toLink)
    const withFiles = partitions.map((p) =>
      p.reused ? p : { ...p, files: written.filter((f) => p.month === null || f.includes(`/month=${p.month}/`)) }
    )
    // An empty table still gets one file, so readers see its columns.
    const finalPartitions = rows === 0 ? [{ month: null, rows: 0, digest: "0", files: written, reused: false }] : withFiles
    return {
      name: table.name,
      rows,
      files: finalPartitions.flatMap((p) => p.files).sort(),
      partitioned_by: partitioned ? ["month"] : [],
      columns,
      partitions: finalPartitions
    }
  })

const linkFiles = (dir: string, previousDir: string, files: ReadonlyArray<string>) =>
  Effect.try({
    try: () => {
      for (const f of files) {
        mkdirSync(dirname(join(dir, f)), { recursive: true })
        linkSync(join(previousDir, f), join(dir, f))
      }
    },
    catch: fail
  })

/**
 * Publishes an append-only table by carrying every previous file over and adding, to each
 * partition, one file with the rows of input files newer than `afterFileId`. Row counts and
 * digests add up (the digest is a sum of row hashes), so the manifest says exactly what a
 * full write would. A full refresh rewrites (compacts) the partitions.
 */
const appendTable = (
  db: DuckdbService,
  dir: string,
  table: TableOutput,
  before: PublishedTable,
  previous: PreviousVersion,
  afterFileId: number,
  runId: string
): Effect.Effect<PublishedTable, WarehouseError | PublishFailed> =>
  Effect.gen(function*() {
    const tableDir = join(dir, table.name)
    const params = { ...table.params, after_file_id: afterFileId }
    const monthOf = table.monthOf ?? "null"
    const added = `select * from (${table.sql}) as t where t.file_id > $after_file_id`
    const digests = yield* partitionDigests(db, table, added, params)
    yield* linkFiles(dir, previous.dir, before.partitions.flatMap((p) => p.files))
    const partitions = new Map(before.partitions.map((p) => [p.month, { ...p, reused: true }]))
    for (const r of digests) {
      const month = String(r["month"])
      const file = join(tableDir, `month=${month}`, `data_${runId}.parquet`)
      yield* Effect.try({ try: () => mkdirSync(dirname(file), { recursive: true }), catch: fail })
      yield* db.run(`copy (select * from (${added}) as t where ${monthOf} = $month${orderClause(table)}) to $target (${parquetOptions})`, {
        ...params,
        month,
        target: file
      })
      const old = partitions.get(month)
      const rel = relative(dir, file).split("\\").join("/")
      partitions.set(month, {
        month,
        rows: (old?.rows ?? 0) + Number(r["n"]),
        digest: (BigInt(old?.digest ?? "0") + BigInt(String(r["digest"]))).toString(),
        files: [...(old?.files ?? []), rel].sort(),
        reused: false
      })
    }
    const list = [...partitions.values()].sort((a, b) => String(a.month).localeCompare(String(b.month)))
    return { ...before, rows: list.reduce((a, p) => a + p.rows, 0), files: list.flatMap((p) => p.files).sort(), partitions: list }
  })

const filesOf = (result: ReadonlyArray<Record<string, unknown>>, dir: string): Array<string> =>
  result.flatMap((r) => {
    const f = r["Files"]
    return Array.isArray(f) ? f.map((p) => relative(dir, String(p)).split("\\").join("/")) : []
  }).sort()

export interface PublishOptions {
  readonly out: string
  readonly runId: string
  readonly tables: ReadonlyArray<TableOutput>
  readonly manifest: Omit<Manifest, "tables" | "published_at" | "report" | "sources">
  /**
   * Append-only tables may add only the rows of files newer than the previous version's
   * `through_file_id` (an incremental run); false writes them whole.
   */
  readonly appendOnly: boolean
  readonly now: () => Date
}

/**
 * A version being written: its tables are written in as many steps as the run needs (the
 * pipeline writes each stage's tables once the stage has finished, and the attribution fit's
 * once the fit has), and `commit` writes the manifest and swaps the version in. Nothing is visible before
 * `commit`; a run that stops earlier leaves the previous version in place.
 */
export interface Publication {
  /** The version folder being written (not yet visible at `out`). */
  readonly dir: string
  /** The tables written so far, by name. */
  readonly written: () => ReadonlyMap<string, PublishedTable>
  /** Writes the report into the version; the manifest lists it as `report`. */
  readonly attachReport: (document: { readonly file: string; readonly content: string; readonly language: string }) => Effect.Effect<PublishedDocument, PublishFailed>
  /**
   * Writes tables, one after another, on the publication's connection or on `on` (another
   * connection to the same warehouse: the pipeline writes the tables of finished stages while
   * later stages still run). The tables must be committed: a connection sees no other's
   * temporary tables or open transaction.
   */
  readonly write: (tables: ReadonlyArray<TableOutput>, on?: DuckdbService) => Effect.Effect<ReadonlyArray<PublishedTable>, WarehouseError | PublishFailed>
  /**
   * Removes the version folder unless `commit` has begun to swap it in: what a run that fails
   * or is stopped leaves behind (tables written beside the stages can be gigabytes). Safe to
   * call at any time; after a commit it does nothing.
   */
  readonly discard: Effect.Effect<void>
  /**
   * The manifest lists the written tables in `order` (table names), the sources' summary, and
   * `published_at` (now, unless given: the report states the same instant).
   */
  readonly commit: (
    order: ReadonlyArray<string>,
    summary?: { readonly sources: ReadonlyArray<ManifestSource>; readonly publishedAt: Date }
  ) => Effect.Effect<Manifest, PublishFailed>
}

export const startPublication = (db: DuckdbService, options: Omit<PublishOptions, "tables">): Effect.Effect<Publication, PublishFailed> =>
  Effect.gen(function*() {
    const layout = layoutFor(options.out)
    const previous = previousVersion(layout.out)
    const dir = yield* prepareVersion(layout, options.runId)
    const written = new Map<string, PublishedTable>()
    let report: PublishedDocument | null = null
    let swapping = false
    const writeOne = (output: TableOutput, on: DuckdbService) =>
      profiled(`publish ${output.name}`, Effect.gen(function*() {
        const t = yield* withMonths(on, output)
        const before = previous?.tables.get(t.name)
        const appendable = options.appendOnly && t.appendOnly === true && t.monthOf !== undefined && previous !== null &&
          previous.throughFileId !== null && previous.throughFileId <= options.manifest.through_file_id &&
          before !== undefined && before.partitioned_by.length === 1
        return yield* appendable && previous.throughFileId !== null && before !== undefined
          ? appendTable(on, dir, t, before, previous, previous.throughFileId, options.runId)
          : writeTable(on, dir, t, previous)
      })).pipe(Effect.tap((p) => Effect.sync(() => written.set(p.name, p))))
    return {
      dir,
      written: () => written,
      attachReport: ({ file, content, language }) =>
        Effect.try({
          try: () => {
            const bytes = Buffer.from(content, "utf8")
            const tmp = join(dir, `${file}.tmp`)
            writeFileSync(tmp, bytes)
            renameSync(tmp, join(dir, file))
            report = { file, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), language }
            return report
          },
          catch: (e) => new PublishFailed({ message: `cannot write ${file}: ${String(e)}` })
        }),
      write: (tables, on = db) => Effect.forEach(tables, (t) => writeOne(t, on)),
      discard: Effect.sync(() => {
        if (!swapping) rmSync(dir, { recursive: true, force: true })
      }).pipe(Effect.ignore),
      commit: (order, summary) =>
        Effect.gen(function*() {
          const tables = order.flatMap((name) => written.get(name) ?? [])
          const manifest: Manifest = {
            ...options.manifest,
            published_at: (summary?.publishedAt ?? options.now()).toISOString(),
            tables,
            sources: summary?.sources ?? [],
            report
          }
          yield* Effect.try({
            try: () => {
              const tmp = join(dir, "_manifest.json.tmp")
              writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n")
              renameSync(tmp, join(dir, "_manifest.json"))
            },
            catch: (e) => new PublishFailed({ message: `cannot write the manifest: ${String(e)}` })
          })
          // from here on the folder may be (or become) what <out> points at: never discarded
          swapping = true
          yield* swapIn(layout, options.runId)
          return manifest
        })
    }
  })

/** Writes every table and swaps the new version in: a publication in one step. */
export const publish = (db: DuckdbService, options: PublishOptions): Effect.Effect<Manifest, WarehouseError | PublishFailed> =>
  Effect.gen(function*() {
    const { tables, ...rest } = options
    const publication = yield* startPublication(db, rest)
    yield* publication.write(tables)
    return yield* publication.commit(tables.map((t) => t.name))
  })

export const digest = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex")
