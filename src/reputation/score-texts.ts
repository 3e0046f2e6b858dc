/**
 * Scores the review texts and survey comments that have no current score, in pages: DuckDB
 * numbers the unscored texts (sql/reputation/int_*_texts_to_score.sql), each page is read with
 * one query, scored in JavaScript by src/sentiment (a rule-based scorer SQL cannot express) and
 * appended to the score cache (int_review_scores / int_comment_scores). Everything else about
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

interface ScoreTarget {
  readonly texts: string
  readonly scoresTable: "int_review_scores" | "int_comment_scores"
  readonly idColumn: "review_id" | "event_id"
  readonly withMismatch: boolean
}

const reviewTarget: ScoreTarget = {
  texts: "review",
  scoresTable: "int_review_scores",
  idColumn: "review_id",
  withMismatch: true
}

const commentTarget: ScoreTarget = {
  texts: "comment",
  scoresTable: "int_comment_scores",
  idColumn: "event_id",
  withMismatch: false
}

const file = (target: ScoreTarget, model: "texts" | "scores" | "scores_prune" | "texts_to_score" | "texts_to_score_page") =>
  `reputation/int_${target.texts}_${model}.sql`

interface ScoredText {
  readonly id: string
  readonly inputHash: string
  readonly result: SentimentResult
  readonly aspects: ReadonlyArray<AspectMention>
  readonly mismatch: boolean
}

type ColumnWriter = (appender: DuckDBAppender, scored: ScoredText, run: { readonly runId: string; readonly version: string }) => void

const appendVarchar = (appender: DuckDBAppender, value: string | null) =>
  value === null ? appender.appendNull() : appender.appendVarchar(value)

const appendDouble = (appender: DuckDBAppender, value: number | null) =>
  value === null ? appender.appendNull() : appender.appendDouble(value)

/** The aspect sentiment column of each aspect the scorer knows. */
export const aspectColumns: ReadonlyArray<string> = ASPECTS.map((aspect) => `sentiment_${aspect}`)

/**
 * How each column of a score table is filled, by name; the appender follows the table's own
 * column order, so the SQL file stays the one definition of the table.
 */
const columnWriters = (target: ScoreTarget): ReadonlyMap<string, ColumnWriter> =>
  new Map<string, ColumnWriter>([
    [target.idColumn, (a, s) => a.appendVarchar(s.id)],
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
    ...(target.withMismatch ? [["rating_text_mismatch", (a, s) => a.appendBoolean(s.mismatch)] satisfies [string, ColumnWriter]] : []),
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
const ensureScoreTable = (db: DuckdbService, target: ScoreTarget, writers: ReadonlyMap<string, ColumnWriter>) =>
  Effect.gen(function*() {
    yield* db.runFile(file(target, "scores"))
    const columns = yield* tableColumns(db, target.scoresTable)
    if (sameColumns(columns, writers)) return columns
    yield* Effect.logWarning(`${target.scoresTable} has the columns of another version; rescoring all ${target.texts} texts`)
    // The table name comes from the closed set of score targets above.
    yield* db.run(`drop table ${target.scoresTable}`)
    yield* db.runFile(file(target, "scores"))
    const recreated = yield* tableColumns(db, target.scoresTable)
    if (sameColumns(recreated, writers)) return recreated
    return yield* new WarehouseError({
      message: `sql/${file(target, "scores")} defines the columns ${recreated.join(", ")} but the scorer writes ` +
        `${[...writers.keys()].join(", ")}; add a sentiment_<aspect> column for each aspect in src/sentiment/aspects-data.ts`
    })
  })

const stringOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null)

const numberOrNull = (v: unknown): number | null =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : null

/** Scores one page of rows (text_id, input_hash, scored_text, language, rating). */
const scorePage = (rows: ReadonlyArray<Row>): ReadonlyArray<ScoredText> => {
  return rows.map((row): ScoredText => {
    // one analysis gives the score and the aspects (a text placed in no language has none)
    const { result, aspects } = scoreWithAspects(stringOrNull(row["scored_text"]) ?? "", stringOrNull(row["language"]))
    const rating = numberOrNull(row["rating"])
    return {
      id: String(row["text_id"]),
      inputHash: String(row["input_hash"]),
      result,
      aspects,
      mismatch: rating !== null && isRatingTextMismatch(rating, result)
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

const failure = (target: ScoreTarget, what: string) => (e: unknown) =>
  new WarehouseError({ message: `${what} ${target.texts} texts into ${target.scoresTable}: ${e instanceof Error ? e.message : String(e)}` })

/** Scores every text of `target` without a current score; returns how many it scored. */
const scoreTarget = (db: DuckdbService, target: ScoreTarget, options: ScoreOptions) =>
  Effect.gen(function*() {
    const writers = columnWriters(target)
    yield* db.runFile(file(target, "texts"))
    const columns = yield* ensureScoreTable(db, target, writers)
    const ordered = columns.flatMap((c) => {
      const w = writers.get(c)
      return w === undefined ? [] : [w]
    })
    const version = options.scorerVersion ?? scorerVersion()
    yield* db.runFile(file(target, "scores_prune"), { full_refresh: options.fullRefresh, scorer_version: version })
    yield* db.runFile(file(target, "texts_to_score"))
    const pageSql = yield* db.sqlFile(file(target, "texts_to_score_page"))
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? defaultPageSize))
    let scoredCount = 0
    for (let first = 1;; first += pageSize) {
      const rows = yield* db.all(pageSql, { first, last: first + pageSize - 1 })
      if (rows.length === 0) break
      const scored = yield* Effect.try({ try: () => scorePage(rows), catch: failure(target, "cannot score") })
      yield* db.appender(target.scoresTable, (appender) =>
        Effect.try({ try: () => appendPage(appender, ordered, scored, { runId: options.runId, version }), catch: failure(target, "cannot write scores of") }))
      scoredCount += scored.length
      if (rows.length < pageSize) break
    }
    return scoredCount
  })

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

/** Brings int_review_scores and int_comment_scores up to date with the staging tables. */
export const scoreTexts = Effect.fn("reputation.scoreTexts")(function*(db: DuckdbService, options: ScoreOptions) {
  const reviews = yield* scoreTarget(db, reviewTarget, options)
  const comments = yield* scoreTarget(db, commentTarget, options)
  const counts: ScoredCounts = { reviews, comments }
  return counts
})
