/**
 * Benchmark of the reputation stage: synthetic reviews made set-wise in DuckDB by recombining
 * 1–3 sentences from a small German and English template list (hash()-based picks, so every run
 * sees the same data), then
 *   1. scoring end to end (DuckDB → JavaScript scorer → appender → DuckDB), timed as texts/s;
 *   2. the whole stage on a fresh cache (scoring + marts);
 *   3. the whole stage again, when every text is already scored (cache check + marts only).
 * Each size runs in its own process so its peak RSS is its own.
 *
 *   npx tsx bench/reputation.ts                  # 100k and 1M reviews
 *   npx tsx bench/reputation.ts --reviews 200000 # one size
 */
import { Effect, Schema } from "effect"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Config } from "../schemas/config.ts"
import { Duckdb, layer, type DuckdbService } from "../src/duckdb/duckdb.ts"
import { ensureWarehouse } from "../src/ingest/ingest.ts"
import { reputationStage, scoreTexts } from "../src/reputation/reputation-stage.ts"
import { rebuildAll } from "../src/run/refresh.ts"

const germanSentences = [
  "Die Lieferung kam pünktlich und gut verpackt.",
  "Das Personal war sehr freundlich und hilfsbereit.",
  "Leider war die Ware beschädigt.",
  "Der Preis ist für die Qualität zu hoch.",
  "Wir mussten fast eine Stunde an der Kasse warten.",
  "Die App stürzt ständig ab.",
  "Alles bestens, gerne wieder!",
  "Das Essen war nicht schlecht, aber der Service war langsam.",
  "Kein guter Kundenservice, niemand hat zurückgerufen.",
  "Funktioniert leider nicht.",
  "Top Beratung im Laden 👍",
  "Nie wieder bestelle ich hier.",
  "Die Verkäuferin hat uns super beraten.",
  "Versand hat ewig gedauert.",
  "Qualität ist in Ordnung.",
  "Das Paket kam zwei Tage zu spät an.",
  "Die Webseite ist übersichtlich und der Checkout schnell.",
  "Sehr enttäuschend, die Hose ist nach einer Wäsche kaputt.",
  "Preis-Leistung stimmt.",
  "Ich bin rundum zufrieden 😊"
]

const englishSentences = [
  "Delivery was fast and the package arrived in perfect condition.",
  "The staff were really friendly and helpful.",
  "Unfortunately the item was damaged.",
  "Way too expensive for what you get.",
  "We waited almost an hour in the queue.",
  "The app keeps crashing at checkout.",
  "Great service, will definitely come back!",
  "The food was not bad, but the service was slow.",
  "Nobody called me back, terrible customer service.",
  "Doesn't work at all.",
  "Lovely shop and great advice 👍",
  "Never again.",
  "The assistant was super helpful.",
  "Shipping took forever.",
  "Quality is okay.",
  "The parcel arrived two days late.",
  "The website is easy to use.",
  "Very disappointing, it broke after a week.",
  "Good value for money.",
  "Absolutely love it 😍"
]

const germanTitles = ["Super", "Enttäuscht", "Geht so", "Empfehlenswert", "Ärgerlich"]
const englishTitles = ["Great", "Disappointed", "Meh", "Recommended", "Annoying"]

// u(k) is a pseudo-random number in [0, 1) for row i and salt k; pick(list, k) an element of a list.
const u = (k: number) => `((hash(i, ${k}) % 1000000) / 1000000.0)`
const pick = (list: string, k: number) => `${list}[1 + cast(hash(i, ${k}) % len(${list}) as integer)]`
const start = `timestamptz '2026-01-01 00:00:00+00' + to_seconds(cast(${u(1)} * 120 * 86400 as bigint))`

// Half German, half English; 80 % with the right language code, 18 % without (detected), 2 % 'fr'.
const generateSql = `insert into events_review (event_id, occurred_at, platform, rating, store_id, title, text, language, replied_at,
  file_id, row_number, run_id)
with templates as (
  select
    from_json($de, '["VARCHAR"]') as de,
    from_json($en, '["VARCHAR"]') as en,
    from_json($de_titles, '["VARCHAR"]') as de_titles,
    from_json($en_titles, '["VARCHAR"]') as en_titles
),

numbered as (
  select i, ${u(2)} < 0.5 as is_german, 1 + cast(hash(i, 3) % 3 as integer) as sentences
  from range($n) as t(i)
)

select
  'r' || i,
  ${start},
  ['google', 'trustpilot', 'facebook'][1 + cast(hash(i, 4) % 3 as integer)],
  1 + cast(hash(i, 5) % 5 as integer),
  'S' || cast(hash(i, 6) % 40 as integer),
  case when ${u(7)} < 0.3 then case when is_german then ${pick("de_titles", 8)} else ${pick("en_titles", 8)} end end,
  case when is_german
    then concat_ws(' ', ${pick("de", 9)}, case when sentences >= 2 then ${pick("de", 10)} end, case when sentences = 3 then ${pick("de", 11)} end)
    else concat_ws(' ', ${pick("en", 9)}, case when sentences >= 2 then ${pick("en", 10)} end, case when sentences = 3 then ${pick("en", 11)} end)
  end,
  case when ${u(12)} < 0.80 then case when is_german then 'de' else 'en' end when ${u(12)} < 0.98 then null else 'fr' end,
  case when ${u(13)} < 0.6 then ${start} + to_seconds(cast(${u(14)} * 3 * 86400 as bigint)) end,
  6, i, 'bench'
from numbered
cross join templates`

const seconds = (from: number) => (performance.now() - from) / 1000

const generateReviews = (db: DuckdbService, n: number) =>
  Effect.gen(function*() {
    yield* ensureWarehouse(db)
    yield* db.run(generateSql, {
      n,
      de: JSON.stringify(germanSentences),
      en: JSON.stringify(englishSentences),
      de_titles: JSON.stringify(germanTitles),
      en_titles: JSON.stringify(englishTitles)
    })
    const [row] = yield* db.all("select count(*) as n, avg(length(text)) as chars from events_review")
    return { reviews: Number(row?.["n"] ?? 0), avgChars: Number(row?.["chars"] ?? 0) }
  })

const config = Schema.decodeUnknownSync(Config)({})
const stageRun = (db: DuckdbService, runId: string, fullRefresh: boolean) =>
  reputationStage.run({ db, config, runId, since: null, until: null, fullRefresh, refresh: rebuildAll })

const benchOne = (n: number) =>
  Effect.gen(function*() {
    const db = yield* Duckdb
    const t0 = performance.now()
    const generated = yield* generateReviews(db, n)
    const generateSeconds = seconds(t0)

    const t1 = performance.now()
    const scored = yield* scoreTexts(db, { runId: "bench-score", fullRefresh: true })
    const scoreSeconds = seconds(t1)

    const t2 = performance.now()
    const fresh = yield* stageRun(db, "bench-fresh", true)
    const freshSeconds = seconds(t2)

    const t3 = performance.now()
    yield* stageRun(db, "bench-cached", false)
    const cachedSeconds = seconds(t3)

    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    const rate = (count: number, s: number) => Math.round(count / s).toLocaleString("en")
    console.log(
      `reviews ${generated.reviews.toLocaleString("en")} (avg ${Math.round(generated.avgChars)} chars): ` +
        `generate ${generateSeconds.toFixed(2)} s; scoring end to end ${scoreSeconds.toFixed(2)} s = ` +
        `${rate(scored.reviews, scoreSeconds)} texts/s; whole stage, fresh cache ${freshSeconds.toFixed(2)} s = ` +
        `${rate(generated.reviews, freshSeconds)} reviews/s (${fresh.rows.toLocaleString("en")} mart rows); ` +
        `whole stage, all cached ${cachedSeconds.toFixed(2)} s; peak RSS ${peakRssMb} MB`
    )
  })

const sizeArg = process.argv.indexOf("--reviews")
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (!isMain) {
  // imported for its generator
} else if (sizeArg >= 0) {
  const n = Number(process.argv[sizeArg + 1])
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-bench-reputation-"))
  const warehouse = layer({ path: join(dir, "bench.duckdb"), threads: 2, memoryLimit: "4GB", tempDirectory: join(dir, "spill") })
  await Effect.runPromise(benchOne(n).pipe(Effect.provide(warehouse))).finally(() => rmSync(dir, { recursive: true, force: true }))
} else {
  for (const n of [100_000, 1_000_000]) {
    spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--reviews", String(n)], { stdio: "inherit" })
  }
}
