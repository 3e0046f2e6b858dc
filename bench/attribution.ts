/**
 * Benchmark of the attribution stage: the journeys stage's tables (touchpoints, conversions,
 * journey_touchpoints) made set-wise in DuckDB with range() and hash()-based pseudo-random
 * values over 17 channels, so every run sees the same data, then the stage once per model and
 * once with all of them, timed. Sizes: the touchpoints of about 1 and 5 million events (a
 * touchpoint per ~3.3 events). Each size runs in its own process so its peak RSS is its own.
 *
 *   npx tsx bench/attribution.ts                   # 1 and 5 million events
 *   npx tsx bench/attribution.ts --events 200000   # one size
 */
import { Effect, Schema } from "effect"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Config } from "../schemas/config.ts"
import { runToEnd } from "../src/run/stage.ts"
import { attributionStage } from "../src/attribution/attribution-stage.ts"
import { Duckdb, layer, type DuckdbService } from "../src/duckdb/duckdb.ts"
import { rebuildAll } from "../src/run/refresh.ts"

const touchpointsPerEvent = 0.3
const touchpointsPerCustomer = 5

// u(k) is a pseudo-random number in [0, 1) for row i and salt k.
const u = (k: number) => `((hash(i, ${k}) % 1000000) / 1000000.0)`

// Skewed so that a few channels are common and the rest rare, as in real traffic.
const channels = [
  "Direct", "Organic Search", "Paid Search", "Email", "Organic Social", "Paid Social", "Display", "Referral", "Affiliates",
  "Store", "Support", "Organic Video", "Paid Video", "SMS", "Mobile Push Notifications", "Organic Shopping", "Cross-network"
]

const setup = [
  `create or replace table touchpoints as
select
  'tp' || i as touchpoint_id,
  'c' || cast(hash(i, 1) % $customers as bigint) as customer_key,
  timestamptz '2026-01-01 00:00:00+00' + to_seconds(cast(${u(2)} * 90 * 86400 as bigint)) as started_at,
  'web' as source,
  from_json($channels, '["VARCHAR"]')[1 + cast(floor(pow(${u(3)}, 1.7) * 17) as integer)] as channel,
  cast(null as varchar) as campaign,
  'web_session' as touchpoint_type,
  cast(null as varchar) as micro_moment
from range($touchpoints) as t(i)`,
  `create or replace table conversions as
select
  'cv' || touchpoint_id as conversion_id,
  customer_key,
  started_at + interval 10 minute as converted_at,
  'web' as source,
  'o' || touchpoint_id as order_id,
  cast(hash(touchpoint_id, 5) % 20000 / 100.0 as decimal(18, 4)) as revenue,
  touchpoint_id,
  started_at as touchpoint_started_at
from touchpoints
where hash(touchpoint_id, 4) % 100 < 6`,
  `create or replace table journey_touchpoints as
select
  conversions.conversion_id,
  touchpoints.touchpoint_id,
  cast(row_number() over (partition by conversions.conversion_id order by touchpoints.started_at, touchpoints.touchpoint_id) as integer) as position
from conversions
inner join touchpoints on touchpoints.customer_key = conversions.customer_key
where touchpoints.started_at >= conversions.converted_at - interval 30 day
  and (touchpoints.started_at < conversions.touchpoint_started_at
    or (touchpoints.started_at = conversions.touchpoint_started_at and touchpoints.touchpoint_id <= conversions.touchpoint_id))`
]

const defaults = Schema.decodeUnknownSync(Config)({})
type Attribution = Config["attribution"]
const configFor = (models: Attribution["models"], settings: Partial<Attribution> = {}): Config => ({
  ...defaults,
  attribution: { ...defaults.attribution, ...settings, models }
})

const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2)

const timedStage = (db: DuckdbService, config: Config) =>
  Effect.gen(function*() {
    const t0 = performance.now()
    const result = yield* runToEnd(attributionStage, { db, config, runId: "bench", since: null, until: null, fullRefresh: true, refresh: rebuildAll })
    return { seconds: seconds(t0), rows: result.rows }
  })

const count = (db: DuckdbService, sql: string) => db.all(sql).pipe(Effect.map((rows) => Number(rows[0]?.["n"] ?? 0)))

const benchOne = (events: number) =>
  Effect.gen(function*() {
    const db = yield* Duckdb
    const touchpoints = Math.round(events * touchpointsPerEvent)
    const t0 = performance.now()
    for (const sql of setup) {
      yield* db.run(sql, { touchpoints, customers: Math.max(1, Math.round(touchpoints / touchpointsPerCustomer)), channels: JSON.stringify(channels) })
    }
    const generated = seconds(t0)
    const conversions = yield* count(db, "select count(*) as n from conversions")
    const journeyRows = yield* count(db, "select count(*) as n from journey_touchpoints")
    console.log(
      `events ~${events.toLocaleString("en")}: ${touchpoints.toLocaleString("en")} touchpoints, ${conversions.toLocaleString("en")} conversions, ` +
        `${journeyRows.toLocaleString("en")} journey rows (generated in ${generated} s)`
    )
    const perModel: Array<string> = []
    for (const model of defaults.attribution.models) {
      const run = yield* timedStage(db, configFor([model]))
      perModel.push(`${model} ${run.seconds} s`)
    }
    console.log(`  one model per run (paths + model, bootstrap ${defaults.attribution.bootstrapResamples}): ${perModel.join(", ")}`)
    const noBootstrap = yield* timedStage(db, configFor(["markov", "shapley"], { bootstrapResamples: 0 }))
    const thirdOrder = yield* timedStage(db, configFor(["markov"], { markovOrder: 3 }))
    const all = yield* timedStage(db, defaults)
    const distinctPaths = yield* count(db, "select count(*) as n from int_attribution_chain_paths")
    const units = yield* count(db, "select count(distinct unit_id) as n from int_attribution_unit_paths")
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(
      `  markov + shapley without bootstrap ${noBootstrap.seconds} s; markov of order 3 ${thirdOrder.seconds} s; ` +
        `all 8 models ${all.seconds} s (${all.rows.toLocaleString("en")} rows); ` +
        `${distinctPaths.toLocaleString("en")} distinct paths, ${units.toLocaleString("en")} customers; peak RSS ${peakRssMb} MB`
    )
  })

const sizeArg = process.argv.indexOf("--events")
if (sizeArg >= 0) {
  const events = Number(process.argv[sizeArg + 1])
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-bench-attribution-"))
  const warehouse = layer({ path: join(dir, "bench.duckdb"), threads: 2, memoryLimit: "4GB", tempDirectory: join(dir, "spill") })
  await Effect.runPromise(benchOne(events).pipe(Effect.provide(warehouse))).finally(() => rmSync(dir, { recursive: true, force: true }))
} else {
  // run directly or through bench/run.ts: one child process per size
  for (const events of [1_000_000, 5_000_000]) {
    spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--events", String(events)], { stdio: "inherit" })
  }
}
