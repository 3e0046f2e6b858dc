/**
 * Running a model over a slice of its inputs, for incremental refresh. Models are written as
 * full builds (`create or replace table <name> as …` over whole warehouse tables). To rebuild
 * only what new events affect, a stage shadows each input with a temporary copy of the rows
 * that matter (DuckDB resolves a name in the temp catalog before the warehouse), runs the same
 * model files as temporary tables, renames the results to `delta_<name>` and merges them into
 * the warehouse tables with a merge model. One definition serves both refresh modes, so an
 * incremental run cannot drift from a full one.
 */
import { Effect } from "effect"
import { profiled, type Params, type Statements } from "./duckdb.ts"
import { WarehouseError } from "../errors.ts"
import { sqlIdent } from "./sql-text.ts"

export type Materialize = "table" | "temp"

const createTable = /\bcreate\s+or\s+replace\s+table\b/gi

/** Runs a model file; as "temp", every table it creates is a temporary table shadowing the warehouse's. */
export const runModel = (db: Statements, file: string, params: Params = {}, as: Materialize = "table"): Effect.Effect<void, WarehouseError> =>
  as === "table"
    ? db.runFile(file, params)
    : db.sqlFile(file).pipe(
      Effect.flatMap((sql) => profiled(`${file} (slice)`, db.run(sql.replace(createTable, "create or replace temp table"), params))),
      Effect.mapError((e) => new WarehouseError({ message: `sql/${file} (over a slice): ${e.message}` }))
    )


export interface Shadow {
  /** The warehouse table a model reads. */
  readonly table: string
  /**
   * The rows with a match in `relation` (aliased `k`) by the condition `on` over `t` and `k`: a
   * semi join. Where the condition compares more than equal keys (a device's events from its
   * slice's start on), DuckDB runs it as one hash join this way; the same condition as a
   * correlated subquery took five to thirty times as long (docs/performance.md).
   */
  readonly matching?: { readonly relation: string; readonly on: string }
  /** A predicate over the table's rows, aliased `t`, selecting the slice (may read temp tables; takes no parameters). */
  readonly where?: string
  /**
   * The columns the sliced models read, when they read few of a wide table's: only these are
   * copied (all by default). A model that reads another column then fails with DuckDB's binder
   * error when run over the slice, which the incremental tests do for every sliced model.
   */
  readonly columns?: ReadonlyArray<string>
}

/**
 * Runs `body` with each table replaced, for unqualified reads, by the rows its predicate keeps.
 * The slice is copied into a temporary table once (a model may read its input several times)
 * and dropped afterwards whatever happens.
 */
export const withShadows = <A, E, R>(
  db: Statements,
  shadows: ReadonlyArray<Shadow>,
  body: Effect.Effect<A, E, R>
): Effect.Effect<A, E | WarehouseError, R> =>
  Effect.gen(function*() {
    const [row] = yield* db.all("select current_database() as name")
    const catalog = sqlIdent(String(row?.["name"] ?? "memory"))
    const temporary = new Set((yield* db.all("select table_name from duckdb_tables() where temporary")).map((r) => String(r["table_name"])))
    // A temporary input (a table only this run uses) is moved aside while its slice stands in.
    const aside = (table: string) => `${table}__whole`
    const source = (table: string) => temporary.has(table) ? `temp.main.${sqlIdent(aside(table))}` : `${catalog}.main.${sqlIdent(table)}`
    const create = (s: Shadow) =>
      Effect.gen(function*() {
        // a shadow that selects nothing would copy the whole table without a word
        if (s.where === undefined && s.matching === undefined) return yield* Effect.die(new Error(`shadow of ${s.table}: give where or matching`))
        if (temporary.has(s.table)) yield* db.run(`alter table temp.main.${sqlIdent(s.table)} rename to ${sqlIdent(aside(s.table))}`)
        const columns = s.columns === undefined ? "t.*" : s.columns.map((c) => `t.${sqlIdent(c)}`).join(", ")
        const matching = s.matching === undefined ? "" : ` semi join ${sqlIdent(s.matching.relation)} as k on ${s.matching.on}`
        const where = s.where === undefined ? "" : ` where ${s.where}`
        yield* profiled(`slice ${s.table}`, db.run(`create temp table ${sqlIdent(s.table)} as select ${columns} from ${source(s.table)} as t${matching}${where}`))
      })
    const restore = (s: Shadow) =>
      Effect.gen(function*() {
        yield* db.run(`drop table if exists temp.main.${sqlIdent(s.table)}`)
        if (temporary.has(s.table)) yield* db.run(`alter table temp.main.${sqlIdent(aside(s.table))} rename to ${sqlIdent(s.table)}`)
      })
    return yield* Effect.acquireUseRelease(
      Effect.forEach(shadows, create, { discard: true }),
      () => body,
      () => Effect.forEach(shadows, restore, { discard: true }).pipe(Effect.ignore)
    )
  })

/** Renames the temporary results of sliced models to delta_<name>, so the warehouse tables are visible again. */
export const keepAsDelta = (db: Statements, tables: ReadonlyArray<string>): Effect.Effect<void, WarehouseError> =>
  Effect.forEach(tables, (t) =>
    Effect.gen(function*() {
      yield* db.run(`drop table if exists temp.main.${sqlIdent(`delta_${t}`)}`)
      yield* db.run(`alter table temp.main.${sqlIdent(t)} rename to ${sqlIdent(`delta_${t}`)}`)
    }), { discard: true })

export interface SliceRebuild {
  /** The inputs' slices. */
  readonly shadows: ReadonlyArray<Shadow>
  /** The model files to run over them, in order, as temporary tables. */
  readonly models: ReadonlyArray<{ readonly file: string; readonly params: Params }>
  /** The tables those models create, kept as delta_<name> (src/duckdb/incremental.ts merges them). */
  readonly results: ReadonlyArray<string>
}

/** Runs models over slices of their inputs and keeps what they built as delta_<name>. */
export const rebuildSlice = (db: Statements, rebuild: SliceRebuild): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    // a temporary table the models make besides their results would shadow its warehouse table
    yield* withTemporaryTables(db, rebuild.results,
      withShadows(db, rebuild.shadows, Effect.forEach(rebuild.models, (m) => runModel(db, m.file, m.params, "temp"), { discard: true })))
    yield* keepAsDelta(db, rebuild.results)
  })

const temporaryTables = (db: Statements): Effect.Effect<ReadonlySet<string>, WarehouseError> =>
  db.all("select table_name from duckdb_tables() where temporary").pipe(Effect.map((rows) => new Set(rows.map((r) => String(r["table_name"])))))

/**
 * Runs `body` and then drops every temporary table it created, except those in `keep` (what
 * it hands on), whether it succeeds, fails or is interrupted: the temporary tables of a piece of
 * work are never listed by hand.
 */
export const withTemporaryTables = <A, E, R>(
  db: Statements,
  keep: ReadonlyArray<string>,
  body: Effect.Effect<A, E, R>
): Effect.Effect<A, E | WarehouseError, R> =>
  Effect.acquireUseRelease(
    temporaryTables(db),
    () => body,
    (before) =>
      temporaryTables(db).pipe(
        Effect.flatMap((after) =>
          Effect.forEach([...after].filter((t) => !before.has(t) && !keep.includes(t)), (t) => db.run(`drop table if exists temp.main.${sqlIdent(t)}`), { discard: true })
        ),
        Effect.ignore
      )
  )
