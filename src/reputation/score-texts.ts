/**
 * Scores the review texts and survey comments that have no current score, in pages: DuckDB
 * numbers the unscored texts of both kinds (sql/reputation/int_texts_to_score.sql), each page is
 * read with one query, scored in JavaScript by src/sentiment (a rule-based scorer SQL cannot
 * express) and appended to the score cache (int_text_scores). Everything else about
 * reputation is SQL. A page is committed as it is appended, so an interrupted run keeps what it
 * scored and the next run carries on. Definitions: docs/reputation.md ("Score cache").
 */
import type { DuckDBAppender } from "@duckdb/node-api"
import { Effect } from "effect"
import type { DuckdbService, Row } from "../duckdb/duckdb.ts"
import { WarehouseError } from "../errors.ts"
import { sourceDigest } from "../source-digest.ts"
import { ASPECTS, isRatingTextMismatch, scoreWithAspects, type AspectMention, type SentimentResult } from "../sentiment/index.ts"

let currentScorerVersion: string | null = null

/**
 * The scorer's version: a digest of its code and word lists (src/sentiment). A cached score by
 * another version is dropped and the text scored again, so an upgraded scorer never leaves old
 * scores behind.
 */
export const scorerVersion = (): string => {
  currentScorerVersion ??= sourceDigest(["src/sentiment"]).slice(0, 16)
  return currentScorerVersion
}

/** Texts per page: large enough that the per-query cost vanishes, small enough to stay a few MB. */
export const defaultPageSize = 20_000

const SCORES = "int_text_scores"
const file = (model: "texts" | "text_scores" | "text_scores_prune" | "texts_to_score" | "texts_to_score_page") => `reputation/int_${model}.sql`

interface ScoredText {
  readonly kind: string
  readonly id: string
  readonly inputHash: string
  readonly result: SentimentResult
  readonly aspects: ReadonlyArray<AspectMention>
  /** null for a text without a rating (a survey comment) */
  readonly mismatch: boolean | null
}

type ColumnWriter = (appender: DuckDBAppender, scored: ScoredText, run: { readonly runId: string; readonly version: string }) => void

const appendVarchar = (appender: DuckDBAppender, value: string | null) =>
  value === null ? appender.appendNull() : appender.appendVarchar(value)

const appendDouble = (appender: DuckDBAppender, value: number | null) =>
  value === null ? appender.appendNull() : appender.appendDouble(value)


/**
 * How each column of a score table is filled, by name; the appender follows the table's own
 * column order, so the SQL file stays the one definition of the table.
 */
const columnWriters = (): ReadonlyMap<string, ColumnWriter> =>
  new Map<string, ColumnWriter>([
    ["kind", (a, s) => a.appendVarchar(s.kind)],
    ["text_id", (a, s) => a.appendVarchar(s.id)],
    ["input_hash", (a, s) => a.appendVarchar(s.inputHash)],
    ["scorer_version", (a, _s, run) => a.appendVarchar(run.version)],
    ["language", (a, s) => appendVarchar(a, s.result.language)],
    ["sentiment", (a, s) => appendDouble(a, s.result.score)],
    ["sentiment_label", (a, s) => appendVarchar(a, s.result.label)],
    ["sentiment_hits", (a, s) => a.appendInteger(s.result.hits)],
    ["aspects", (a, s) => a.appendVarchar(s.aspects.map((m) => m.aspect).join(","))],
    ...ASPECTS.map((aspect): [string, ColumnWriter] => [
      `sentiment_${aspect}`,
      (a, s) => appendDouble(a, s.aspects.find((m) => m.aspect === aspect)?.sentiment ?? null)
    ]),
    ["rating_text_mismatch", (a, s) => (s.mismatch === null ? a.appendNull() : a.appendBoolean(s.mismatch))],
    ["run_id", (a, _s, run) => a.appendVarchar(run.runId)]
  ])

const tableColumns = (db: DuckdbService, table: string) =>
  db.all(
    `select column_name from information_schema.columns
     where table_name = $table and table_schema = current_schema()
     order by ordinal_position`,
    { table }
  ).pipe(Effect.map((rows) => rows.map((r) => String(r["column_name"]))))

const sameColumns = (columns: ReadonlyArray<string>, writers: ReadonlyMap<string, ColumnWriter>) =>
  columns.length === writers.size && columns.every((c) => writers.has(c))

/**
 * Creates the score table, and recreates it when a cache left by an older version has other
 * columns (its scores are then redone). Returns the columns in table order.
 */
const ensureScoreTable = (db: DuckdbService, writers: ReadonlyMap<string, ColumnWriter>) =>
  Effect.gen(function*() {
    yield* db.runFile(file("text_scores"))
    const columns = yield* tableColumns(db, SCORES)
    if (sameColumns(columns, writers)) return columns
    yield* Effect.logWarning(`${SCORES} has the columns of another version; rescoring all texts`)
    yield* db.run(`drop table ${SCORES}`)
    yield* db.runFile(file("text_scores"))
    const recreated = yield* tableColumns(db, SCORES)
    if (sameColumns(recreated, writers)) return recreated
    return yield* new WarehouseError({
      message: `sql/${file("text_scores")} defines the columns ${recreated.join(", ")} but the scorer writes ` +
        `${[...writers.keys()].join(", ")}; add a sentiment_<aspect> column for each aspect in src/sentiment/aspects-data.ts`
    })
  })

const stringOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null)

const numberOrNull = (v: unknown): number | null =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : null

/** Scores one page of rows (kind, text_id, input_hash, scored_text, language, rating). */
const scorePage = (rows: ReadonlyArray<Row>): ReadonlyArray<ScoredText> => {
  return rows.map((row): ScoredText => {
    // one analysis gives the score and the aspects (a text placed in no language has none)
    const { result, aspects } = scoreWithAspects(stringOrNull(row["scored_text"]) ?? "", stringOrNull(row["language"]))
    const rating = numberOrNull(row["rating"])
    return {
      kind: String(row["kind"]),
      id: String(row["text_id"]),
      inputHash: String(row["input_hash"]),
      result,
      aspects,
      mismatch: rating === null ? null : isRatingTextMismatch(rating, result)
    }
  })
}

const appendPage = (
  appender: DuckDBAppender,
  columns: ReadonlyArray<ColumnWriter>,
  scored: ReadonlyArray<ScoredText>,
  run: { readonly runId: string; readonly version: string }
) => {
  for (const s of scored) {
    for (const write of columns) write(appender, s, run)
    appender.endRow()
  }
}

const failure = (what: string) => (e: unknown) =>
  new WarehouseError({ message: `${what} texts into ${SCORES}: ${e instanceof Error ? e.message : String(e)}` })

export interface ScoreOptions {
  readonly runId: string
  /** Drops every cached score first, so all texts are scored again. */
  readonly fullRefresh: boolean
  readonly pageSize?: number
  /** The scorer's version (default: scorerVersion()); tests stand in for an upgrade with it. */
  readonly scorerVersion?: string
}

export interface ScoredCounts {
  readonly reviews: number
  readonly comments: number
}

/**
 * Brings the score cache up to date with the staging tables: scores every review text and
 * survey comment without a current score; returns how many of each it scored.
 */
export const scoreTexts = Effect.fn("reputation.scoreTexts")(function*(db: DuckdbService, options: ScoreOptions) {
  const writers = columnWriters()
  yield* db.runFile("reputation/drop_earlier_text_caches.sql")
  yield* db.runFile(file("texts"))
  const columns = yield* ensureScoreTable(db, writers)
  const ordered = columns.flatMap((c) => {
    const w = writers.get(c)
    return w === undefined ? [] : [w]
  })
  const version = options.scorerVersion ?? scorerVersion()
  yield* db.runFile(file("text_scores_prune"), { full_refresh: options.fullRefresh, scorer_version: version })
  yield* db.runFile(file("texts_to_score"))
  const pageSql = yield* db.sqlFile(file("texts_to_score_page"))
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? defaultPageSize))
  const counts = { reviews: 0, comments: 0 }
  for (let first = 1;; first += pageSize) {
    const rows = yield* db.all(pageSql, { first, last: first + pageSize - 1 })
    if (rows.length === 0) break
    const scored = yield* Effect.try({ try: () => scorePage(rows), catch: failure("cannot score") })
    yield* db.appender(SCORES, (appender) =>
      Effect.try({ try: () => appendPage(appender, ordered, scored, { runId: options.runId, version }), catch: failure("cannot write scores of") }))
    for (const s of scored) counts[s.kind === "review" ? "reviews" : "comments"]++
    if (rows.length < pageSize) break
  }
  const result: ScoredCounts = counts
  return result
})
