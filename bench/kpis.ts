/**
 * Benchmark of the KPI stage: synthetic staging rows made set-wise in DuckDB (range() and
 * hash()-based pseudo-random values, so every run sees the same data), then the stage, timed.
 * Each size runs in its own process so its peak RSS is its own.
 *
 *   npx tsx bench/kpis.ts                 # 1 and 5 million events
 *   npx tsx bench/kpis.ts --events 200000 # one size
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
import { kpisStage } from "../src/kpis/kpis-stage.ts"
import { rebuildAll } from "../src/run/refresh.ts"

// Shares of the events per source; tickets have 5 events, orders 3.
const mix = { web: 0.2, store: 0.1, survey: 0.1, support: 0.3, delivery: 0.25, review: 0.05 }

// u(k) is a pseudo-random number in [0, 1) for row i and salt k.
const u = (k: number) => `((hash(i, ${k}) % 1000000) / 1000000.0)`
// h(k, m) is a pseudo-random whole number in [0, m) for row i and salt k.
const h = (k: number, m: number) => `cast(hash(i, ${k}) % ${m} as bigint)`
const start = `timestamptz '2026-01-01 00:00:00+00' + to_seconds(cast(${u(1)} * 120 * 86400 as bigint))`

const generators: ReadonlyArray<{ readonly table: string; readonly sql: string; readonly count: (events: number) => number }> = [
  {
    table: "events_web",
    count: (n) => Math.round(n * mix.web),
    sql: `insert into events_web (event_id, occurred_at, anonymous_id, event_type, customer_id, order_id, revenue, file_id, row_number, run_id)
select 'w' || i, ${start}, 'a' || ${h(2, 200000)},
  case when ${u(3)} < 0.05 then 'purchase' else 'page_view' end,
  'c' || ${h(4, 100000)},
  case when ${u(3)} < 0.05 then 'wo' || i end,
  case when ${u(3)} < 0.05 then cast(${u(5)} * 200 as decimal(18, 4)) end,
  1, i, 'bench'
from range($n) as t(i)`
  },
  {
    table: "events_store",
    count: (n) => Math.round(n * mix.store),
    sql: `insert into events_store (event_id, occurred_at, store_id, event_type, customer_id, order_id, revenue, file_id, row_number, run_id)
select 's' || i, ${start}, 'S' || ${h(2, 40)},
  case when ${u(3)} < 0.4 then 'purchase' else 'visit' end,
  'c' || ${h(4, 100000)},
  case when ${u(3)} < 0.4 then 'so' || i end,
  case when ${u(3)} < 0.4 then cast(${u(5)} * 200 as decimal(18, 4)) end,
  2, i, 'bench'
from range($n) as t(i)`
  },
  {
    table: "events_survey",
    count: (n) => Math.round(n * mix.survey),
    sql: `insert into events_survey (event_id, occurred_at, survey_type, score, customer_id, touchpoint, file_id, row_number, run_id)
select 'v' || i, ${start}, survey_type,
  case survey_type when 'nps' then cast(${u(3)} * 11 as integer) % 11 when 'csat' then 1 + cast(${u(3)} * 5 as integer) % 5
    else 1 + cast(${u(3)} * 7 as integer) % 7 end,
  'c' || ${h(4, 100000)},
  ['checkout', 'delivery', 'support', 'store', 'app'][1 + ${h(5, 5)}],
  3, i, 'bench'
from (select i, ['nps', 'csat', 'ces'][1 + ${h(2, 3)}] as survey_type from range($n) as t(i))`
  },
  {
    // per ticket: created, a bot or agent reply, a customer reply, a solve (or nothing), a reopen or a second reply
    table: "events_support",
    count: (n) => Math.round((n * mix.support) / 5),
    sql: `insert into events_support (event_id, occurred_at, ticket_id, event_type, channel, customer_id, contact_reason, file_id, row_number, run_id)
select 't' || i || '-' || step, ${start} + to_seconds(cast(step * ${u(2)} * 3 * 86400 as bigint)), 't' || i,
  case step
    when 0 then 'created'
    when 1 then case when ${u(3)} < 0.3 then 'bot_reply' else 'agent_reply' end
    when 2 then 'customer_reply'
    when 3 then case when ${u(4)} < 0.85 then 'solved' else 'customer_reply' end
    else case when ${u(5)} < 0.05 then 'reopened' else 'agent_reply' end
  end,
  ['email', 'phone', 'chat', 'chatbot', 'social', 'form'][1 + ${h(6, 6)}],
  'c' || ${h(7, 100000)},
  ['delivery', 'billing', 'returns', 'password', 'product', 'complaint'][1 + ${h(8, 6)}],
  4, i * 5 + step, 'bench'
from range($n) as t(i)
cross join range(5) as s(step)`
  },
  {
    // per order: ordered (with a promise), dispatched, delivered or failed
    table: "events_delivery",
    count: (n) => Math.round((n * mix.delivery) / 3),
    sql: `insert into events_delivery (event_id, occurred_at, order_id, event_type, promised_at, service, store_id, file_id, row_number, run_id)
select 'd' || i || '-' || step, ${start} + to_seconds(cast(step * ${u(2)} * 90 * 60 as bigint)), 'o' || i,
  case step when 0 then 'ordered' when 1 then 'dispatched' else case when ${u(3)} < 0.05 then 'failed' else 'delivered' end end,
  case when step = 0 then ${start} + to_seconds(45 * 60) end,
  ['express', 'standard', 'same_day'][1 + ${h(4, 3)}],
  'S' || ${h(5, 40)},
  5, i * 3 + step, 'bench'
from range($n) as t(i)
cross join range(3) as s(step)`
  },
  {
    table: "events_review",
    count: (n) => Math.round(n * mix.review),
    sql: `insert into events_review (event_id, occurred_at, platform, rating, store_id, replied_at, file_id, row_number, run_id)
select 'r' || i, ${start}, ['google', 'trustpilot', 'facebook'][1 + ${h(2, 3)}], 1 + ${h(3, 5)}, 'S' || ${h(4, 40)},
  case when ${u(5)} < 0.7 then ${start} + to_seconds(cast(${u(6)} * 5 * 86400 as bigint)) end,
  6, i, 'bench'
from range($n) as t(i)`
  }
]

const defaults = Schema.decodeUnknownSync(Config)({})
const hours: ReadonlyArray<readonly [string, string]> = [["09:00", "17:00"]]
const withBusinessHours: Config = {
  ...defaults,
  kpis: {
    ...defaults.kpis,
    businessHours: { weekly: { "1": hours, "2": hours, "3": hours, "4": hours, "5": hours, "6": [], "7": [] }, holidays: ["2026-04-03"] }
  }
}

const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2)

const timedStage = (db: DuckdbService, config: Config) =>
  Effect.gen(function*() {
    const t0 = performance.now()
    const result = yield* kpisStage.run({ db, config, runId: "bench", since: null, until: null, fullRefresh: true, refresh: rebuildAll })
    return { seconds: seconds(t0), rows: result.rows }
  })

/** Fills the staging tables with about `events` synthetic events; returns how many it made. */
export const generateStaging = (db: DuckdbService, events: number) =>
  Effect.gen(function*() {
    yield* ensureWarehouse(db)
    for (const g of generators) yield* db.run(g.sql, { n: g.count(events) })
    const counts = yield* db.all(generators.map((g) => `select count(*) as n from ${g.table}`).join(" union all "))
    return counts.reduce((sum, r) => sum + Number(r["n"]), 0)
  })

const benchOne = (events: number) =>
  Effect.gen(function*() {
    const db = yield* Duckdb
    const t0 = performance.now()
    const generated = yield* generateStaging(db, events)
    const generateSeconds = seconds(t0)
    const calendar = yield* timedStage(db, defaults)
    const business = yield* timedStage(db, withBusinessHours)
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(
      `events ${generated.toLocaleString("en")}: generate ${generateSeconds} s; kpis stage ${calendar.seconds} s ` +
        `(calendar time, ${calendar.rows} mart rows), ${business.seconds} s (business hours); peak RSS ${peakRssMb} MB`
    )
  })

const sizeArg = process.argv.indexOf("--events")
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href
if (!isMain) {
  // imported for its generator
} else if (sizeArg >= 0) {
  const events = Number(process.argv[sizeArg + 1])
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-bench-kpis-"))
  const warehouse = layer({ path: join(dir, "bench.duckdb"), threads: 2, memoryLimit: "4GB", tempDirectory: join(dir, "spill") })
  await Effect.runPromise(benchOne(events).pipe(Effect.provide(warehouse))).finally(() => rmSync(dir, { recursive: true, force: true }))
} else {
  for (const events of [1_000_000, 5_000_000]) {
    spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--events", String(events)], { stdio: "inherit" })
  }
}
