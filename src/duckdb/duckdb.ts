/**
 * The warehouse: one DuckDB instance per file and its connections, held by a scoped Layer.
 * DuckDB lets a second instance inside the same process open the same file and corrupt it, so
 * the rest of the program only ever reaches DuckDB through this service.
 */
import { DOUBLE, DuckDBConnection, DuckDBInstance, DuckDBTypeId, LIST, listValue, VARCHAR, type DuckDBAppender, type DuckDBType, type DuckDBValue } from "@duckdb/node-api"
import { Context, Duration, Effect, Layer, Schedule, type Scope } from "effect"
import { mkdirSync } from "node:fs"
import { readFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { WarehouseError } from "../errors.ts"
import { projectRoot } from "../project-root.ts"

/** Named parameters, bound as `$name` in the SQL text. */
export type Params = Readonly<Record<string, DuckDBValue | TypedParam>>

/**
 * A parameter bound with its type. Without one, DuckDB's Node API types a list by its first
 * item, and a list whose first item is null binds every item as null.
 */
export class TypedParam {
  constructor(readonly value: DuckDBValue, readonly type: DuckDBType) {}
}

/** A list of texts, any of them null. */
export const textList = (items: ReadonlyArray<string | null>): TypedParam => new TypedParam(listValue([...items]), LIST(VARCHAR))

/** A list of numbers (as DOUBLE), any of them null. */
export const numberList = (items: ReadonlyArray<number | null>): TypedParam => new TypedParam(listValue([...items]), LIST(DOUBLE))
export type Row = Readonly<Record<string, unknown>>

/** Statements that run on the connection; inside `transaction` they share its BEGIN/COMMIT. */
export interface Statements {
  readonly run: (sql: string, params?: Params) => Effect.Effect<void, WarehouseError>
  /** Rows as JSON-safe values: BIGINT and DECIMAL arrive as exact strings or numbers. */
  readonly all: (sql: string, params?: Params) => Effect.Effect<ReadonlyArray<Row>, WarehouseError>
  /**
   * The result column by column, without an object per row: for reads of many rows into arrays.
   * Values as @duckdb/node-api gives them (BIGINT as bigint, not JSON-safe like `all`); no rows
   * gives no columns at all, so callers default each column to [].
   */
  readonly columns: (sql: string, params?: Params) => Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, WarehouseError>
  /**
   * Numeric columns (integers, floating point, booleans as 0/1; NULL as NaN), each as one
   * Float64Array, read vector by vector: for millions of numbers about twice as fast as
   * `columns`. Any other column type is an error: cast it in the query.
   */
  readonly numbers: (sql: string, params?: Params) => Effect.Effect<ReadonlyArray<Float64Array>, WarehouseError>
  /** Runs a file under sql/ by its path relative to sql/, e.g. "warehouse/control_tables.sql". */
  readonly runFile: (path: string, params?: Params) => Effect.Effect<void, WarehouseError>
  /** Reads a file under sql/ (for models whose result a caller selects from). */
  readonly sqlFile: (path: string) => Effect.Effect<string, WarehouseError>
  readonly appender: <A, E>(table: string, use: (appender: DuckDBAppender) => Effect.Effect<A, E>) => Effect.Effect<A, E | WarehouseError>
}

export interface DuckdbService extends Statements {
  readonly path: string
  /** BEGIN … COMMIT around `body`; ROLLBACK when it fails or is interrupted. */
  readonly transaction: <A, E, R>(body: (tx: Statements) => Effect.Effect<A, E, R>) => Effect.Effect<A, E | WarehouseError, R>
  /**
   * Another connection to the same warehouse, closed with the scope: its statements run at the
   * same time as this one's (DuckDB shares its threads between them). Temporary tables belong
   * to the connection that made them, so work on it must not need this one's.
   */
  readonly connect: Effect.Effect<DuckdbService, WarehouseError, Scope.Scope>
}

export class Duckdb extends Context.Tag("touchpoint/Duckdb")<Duckdb, DuckdbService>() {}

export interface DuckdbOptions {
  /** A file path, or ":memory:". */
  readonly path: string
  readonly threads: number
  readonly memoryLimit: string
  /** Where DuckDB spills when a query exceeds the memory limit. */
  readonly tempDirectory?: string
  /** How long to wait for another process that holds the warehouse file; 0 = fail at once. */
  readonly lockWaitSeconds?: number
}

const sqlRoot = join(projectRoot, "sql")

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e))

const isLockConflict = (message: string) => /lock/i.test(message)

const lockAdvice = (path: string, message: string, waited: number): string =>
  isLockConflict(message)
    ? `${message}\nAnother Touchpoint run (or another program) holds ${path}` +
      `${waited > 0 ? `; waited ${waited} s for it` : ""}: wait for it to finish or stop it, or raise schedule.lockWaitSeconds.`
    : message

// DuckDB refuses a parameter the statement does not use; generated SQL (a source without
// e-mail columns, say) need not know which of the shared parameters it ends up using.
const toParams = (sql: string, params: Params | undefined): readonly [Record<string, DuckDBValue> | undefined, Record<string, DuckDBType> | undefined] => {
  if (params === undefined) return [undefined, undefined]
  const values: Record<string, DuckDBValue> = {}
  const types: Record<string, DuckDBType> = {}
  // a parameter named only in a comment (a file's "Parameters:" header) is not used
  const code = sql.replace(/--.*$/gm, "")
  for (const [k, v] of Object.entries(params)) {
    if (!new RegExp(`\\$${k}\\b`).test(code)) continue
    if (v instanceof TypedParam) {
      values[k] = v.value
      types[k] = v.type
    } else {
      values[k] = v
    }
  }
  return [values, types]
}

const sqlCache = new Map<string, string>()

/**
 * TOUCHPOINT_PROFILE=1 prints each model file's wall time to stderr, to find where a run spends,
 * with the second of the process it started at (`@`), to lay steps that overlap on a timeline.
 */
const profiling = process.env["TOUCHPOINT_PROFILE"] === "1"

export const profiled = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  profiling
    ? Effect.gen(function*() {
      const start = performance.now()
      const result = yield* effect
      process.stderr.write(`profile ${label} ${((performance.now() - start) / 1000).toFixed(2)} s @${(start / 1000).toFixed(2)}\n`)
      return result
    })
    : effect

/**
 * The queries of one connection that have not settled yet. An interrupted fiber does not wait
 * for its query (the connection is only asked to stop it, and DuckDB does not stop some, such
 * as a checkpoint), so a connection is closed only once these have settled (`closeWhenIdle`).
 */
type InFlight = Set<Promise<unknown>>

const makeStatements = (connection: DuckDBConnection, inFlight: InFlight): Statements => {
  const fail = (sql: string) => (e: unknown) => {
    const head = sql.trim().split("\n").find((l) => l.trim() !== "" && !l.trim().startsWith("--")) ?? ""
    return new WarehouseError({ message: `${describe(e)}\n  while running: ${head.trim().slice(0, 160)}` })
  }
  const sqlFile = (path: string) => {
    const cached = sqlCache.get(path)
    if (cached !== undefined) return Effect.succeed(cached)
    return Effect.tryPromise({
      try: () => readFile(join(sqlRoot, path), "utf8"),
      catch: (e) => new WarehouseError({ message: `cannot read SQL model sql/${path}: ${describe(e)}` })
    }).pipe(Effect.tap((text) => Effect.sync(() => sqlCache.set(path, text))))
  }
  // An interrupted fiber (Ctrl-C, SIGTERM, a scheduler shutting down) stops the query too.
  const interruptible = <A>(query: () => Promise<A>) => (signal: AbortSignal) => {
    const stop = () => connection.interrupt()
    signal.addEventListener("abort", stop, { once: true })
    const running: Promise<A> = query().finally(() => {
      signal.removeEventListener("abort", stop)
      inFlight.delete(running)
    })
    inFlight.add(running)
    return running
  }
  const run = (sql: string, params?: Params) =>
    Effect.tryPromise({ try: interruptible(() => connection.run(sql, ...toParams(sql, params))), catch: fail(sql) }).pipe(Effect.asVoid)
  return {
    run,
    all: (sql, params) =>
      Effect.tryPromise({
        try: interruptible(async () => (await connection.runAndReadAll(sql, ...toParams(sql, params))).getRowObjectsJson()),
        catch: fail(sql)
      }),
    columns: (sql, params) =>
      Effect.tryPromise({
        try: interruptible(async () => (await connection.runAndReadAll(sql, ...toParams(sql, params))).getColumns()),
        catch: fail(sql)
      }),
    numbers: (sql, params) =>
      Effect.tryPromise({ try: interruptible(() => readNumbers(connection, sql, params)), catch: fail(sql) }),
    runFile: (path, params) =>
      sqlFile(path).pipe(
        Effect.flatMap((sql) => profiled(path, (profiling || Object.keys(params ?? {}).length > 0) && /;\s*\S/.test(sql)
          // per statement: so a slow merge step shows, and because DuckDB binds parameters to
          // one statement only (model files keep ';' out of literals)
          ? Effect.forEach(sql.split(/;\s*\n/).filter((st) => st.replace(/--.*$/gm, "").trim() !== ""), (st, i) =>
            profiled(`${path}#${i + 1}`, run(st, params)), { discard: true })
          : run(sql, params))),
        Effect.mapError((e) => new WarehouseError({ message: `sql/${path}: ${e.message}` }))
      ),
    sqlFile,
    appender: (table, use) =>
      Effect.acquireUseRelease(
        Effect.tryPromise({ try: () => connection.createAppender(table), catch: fail(`appender ${table}`) }),
        (appender) =>
          use(appender).pipe(
            Effect.zipLeft(Effect.try({ try: () => appender.flushSync(), catch: fail(`flush appender ${table}`) }))
          ),
        (appender) => Effect.sync(() => appender.closeSync()).pipe(Effect.ignore)
      )
  }
}

const numericTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN, DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE
])

const readNumbers = async (connection: DuckDBConnection, sql: string, params?: Params): Promise<ReadonlyArray<Float64Array>> => {
  const result = await connection.run(sql, ...toParams(sql, params))
  const count = result.columnCount
  for (let c = 0; c < count; c++) {
    const type = result.columnType(c)
    if (!numericTypes.has(type.typeId)) throw new Error(`column ${result.columnName(c)} is ${type.toString()}; numbers() reads numeric columns only`)
  }
  const parts: Array<Array<Float64Array>> = Array.from({ length: count }, () => [])
  let rows = 0
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount
    parts.forEach((columnParts, c) => {
      const vector = chunk.getColumnVector(c)
      const values = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i)
        values[i] = typeof v === "number" ? v : typeof v === "bigint" || typeof v === "boolean" ? Number(v) : Number.NaN
      }
      columnParts.push(values)
    })
    rows += n
  }
  return parts.map((columnParts) => {
    const all = new Float64Array(rows)
    let offset = 0
    for (const p of columnParts) {
      all.set(p, offset)
      offset += p.length
    }
    return all
  })
}

export const make = (options: DuckdbOptions): Effect.Effect<DuckdbService, WarehouseError, Scope.Scope> =>
  Effect.gen(function*() {
    if (options.path !== ":memory:") {
      yield* Effect.try({
        try: () => mkdirSync(dirname(options.path), { recursive: true }),
        catch: (e) => new WarehouseError({ message: `cannot create the warehouse folder for ${options.path}: ${describe(e)}` })
      })
    }
    const waitSeconds = options.lockWaitSeconds ?? 0
    let waitAnnounced = false
    // DuckDB's file lock is an OS lock: a killed holder releases it, so waiting is enough to
    // take over a lock left by a dead process.
    const open = Effect.tryPromise({
      try: () =>
        DuckDBInstance.create(options.path, {
          threads: String(options.threads),
          memory_limit: options.memoryLimit,
          // A partitioned COPY (the published months) buffers this many rows of a partition
          // before writing them; at DuckDB's default (524,288) the buffers cost more than the
          // write. One Parquet row group is enough (docs/performance.md).
          partitioned_write_flush_threshold: "122880",
          // Any checkpoint with DuckDB's vacuum on compacts every table of the database, not only
          // those it writes: off from the start (the replay of a write-ahead log, a checkpoint
          // mid-ingest), on only for a run that compacts (src/run/compaction.ts).
          max_vacuum_tasks: "0",
          ...(options.tempDirectory === undefined ? {} : { temp_directory: options.tempDirectory })
        }),
      catch: (e) => `cannot open warehouse ${options.path}: ${describe(e)}`
    }).pipe(
      // said once, so a run started by hand does not look hung while it waits its turn
      Effect.tapError((message) =>
        Effect.suspend(() => {
          if (waitSeconds <= 0 || !isLockConflict(message) || waitAnnounced) return Effect.void
          waitAnnounced = true
          return Effect.logWarning(`${options.path} is held by another process; waiting up to ${waitSeconds} s for it`)
        })
      ),
      Effect.retry({
        schedule: Schedule.spaced(Duration.millis(500)).pipe(Schedule.upTo(Duration.seconds(waitSeconds))),
        while: isLockConflict
      }),
      Effect.mapError((message) => new WarehouseError({ message: lockAdvice(options.path, message, waitSeconds) }))
    )
    const instance = yield* Effect.acquireRelease(open, (instance) => Effect.sync(() => instance.closeSync()))
    return yield* connectTo(instance, options.path)
  })

/**
 * Closes a connection once none of its queries runs any more. Closed while a query still runs
 * on Node's thread pool, DuckDB deadlocks when that query ends (it drops the last reference to
 * the connection's context while holding the context's lock), and the process then never exits:
 * exiting waits for that thread. This happened when SIGTERM came during the checkpoint beside
 * publishing.
 */
const closeWhenIdle = (connection: DuckDBConnection, inFlight: InFlight): Effect.Effect<void> =>
  Effect.promise(async () => {
    while (inFlight.size > 0) {
      connection.interrupt()
      await Promise.allSettled([...inFlight])
    }
  }).pipe(Effect.zipRight(Effect.sync(() => connection.closeSync())))

/** A connection to an open instance, as a service with its own statement lock. */
const connectTo = (instance: DuckDBInstance, path: string): Effect.Effect<DuckdbService, WarehouseError, Scope.Scope> =>
  Effect.gen(function*() {
    const inFlight: InFlight = new Set()
    const connection = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => instance.connect(),
        catch: (e) => new WarehouseError({ message: `cannot connect to ${path}: ${describe(e)}` })
      }),
      (c) => closeWhenIdle(c, inFlight)
    )
    const statements = makeStatements(connection, inFlight)
    // Timestamps are stored and compared in UTC; a business day is always asked for explicitly.
    // A session setting: every connection sets it.
    yield* statements.run("set TimeZone = 'UTC'")
    const lock = yield* Effect.makeSemaphore(1)
    const guarded = <A, E>(eff: Effect.Effect<A, E>) => lock.withPermits(1)(eff)
    const transaction = <A, E, R>(body: (tx: Statements) => Effect.Effect<A, E, R>) =>
      lock.withPermits(1)(
        Effect.acquireUseRelease(
          statements.run("begin transaction"),
          () => body(statements).pipe(Effect.tap(() => statements.run("commit"))),
          (_, exit) => exit._tag === "Failure" ? statements.run("rollback").pipe(Effect.ignore) : Effect.void
        )
      )
    return {
      path,
      run: (sql, params) => guarded(statements.run(sql, params)),
      all: (sql, params) => guarded(statements.all(sql, params)),
      columns: (sql, params) => guarded(statements.columns(sql, params)),
      numbers: (sql, params) => guarded(statements.numbers(sql, params)),
      runFile: (path, params) => guarded(statements.runFile(path, params)),
      sqlFile: statements.sqlFile,
      appender: (table, use) => guarded(statements.appender(table, use)),
      transaction,
      connect: Effect.suspend(() => connectTo(instance, path))
    }
  })

export const layer = (options: DuckdbOptions): Layer.Layer<Duckdb, WarehouseError> => Layer.scoped(Duckdb, make(options))
