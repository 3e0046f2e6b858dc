/**
 * Benchmark of identity stitching and journey building at 1, 5 and 10 million events.
 * Staging rows are generated in SQL (range() and hash-based pseudo-random choices), written to a
 * fresh warehouse file, then the identity and journeys stages run as in a pipeline run. Each size
 * runs in a child process so its peak RSS is its own (DuckDB allocates inside the process).
 *
 *   npx tsx bench/journeys.ts             # 1, 5 and 10 million
 *   npx tsx bench/journeys.ts 1 5         # sizes in millions
 *   npx tsx bench/journeys.ts --one 1 /tmp/b.duckdb   # one size in this process, keeping the warehouse
 *
 * Prints seconds per step and the child's peak RSS; never fails for being slow.
 */
import { Effect, Schema } from "effect"
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Config } from "../schemas/config.ts"
import { Duckdb, layer, type DuckdbService } from "../src/duckdb/duckdb.ts"
import { identityStage, identitySummary } from "../src/identity/identity-stage.ts"
import { ensureWarehouse } from "../src/ingest/ingest.ts"
import { journeysStage } from "../src/journeys/journeys-stage.ts"
import { rebuildAll } from "../src/run/refresh.ts"

// Shares of the events per source; web events come in visits of about six hits.
const webShare = 0.8
const storeShare = 0.12
const surveyShare = 0.03
const supportShare = 0.03
const deliveryShare = 0.02
const eventsPerCustomer = 50

/** Fills the staging tables with `events` synthetic rows. All randomness is hash(i, salt). */
const generate = (db: DuckdbService, events: number) =>
  Effect.gen(function*() {
    const customers = Math.max(1, Math.round(events / eventsPerCustomer))
    const params = (share: number) => ({ n: Math.round(events * share), customers })
    // Devices: two per customer on average; device d belongs to customer d // 2.
    yield* db.run(
      `insert into events_web
      with hits as (
        select
          i,
          i // 6 as visit,
          i % 6 as hit,
          cast(hash(i // 6, 1) % (2 * $customers) as bigint) as device
        from range(cast($n as bigint)) as t (i)
      ),
      visits as (
        select
          i, visit, hit, device,
          device // 2 as customer,
          timestamptz '2026-01-01 00:00:00+00'
            + to_seconds(cast(hash(visit, 2) % (90 * 86400) as bigint))
            + to_seconds(cast(hit * 40 as bigint)) as occurred_at,
          cast(hash(visit, 3) % 10 as bigint) as entry,
          hash(visit, 4) % 100 < 12 as buys
        from hits
      )
      select
        'w' || i as event_id,
        occurred_at,
        'a' || device as anonymous_id,
        case
          when hit = 5 and buys then 'purchase'
          when hit = 4 and buys then 'checkout'
          when hit = 0 then 'page_view'
          when hash(i, 5) % 10 < 2 then 'search'
          when hash(i, 5) % 10 < 3 then 'add_to_cart'
          when hash(i, 5) % 50 = 0 then 'store_locator'
          when hash(i, 5) % 50 = 1 then 'help_view'
          else 'product_view'
        end as event_type,
        case when (hit = 5 and buys) or hash(i, 6) % 100 < 4 then 'c' || customer end as customer_id,
        case when hit = 4 and buys then md5('e' || customer) end as email_hash,
        case when hit = 0 then 'https://shop.example/p/' || (hash(i, 7) % 9000) else 'https://shop.example/c/' || (hash(i, 7) % 20) end as page_url,
        case when hit = 0 then ['https://www.google.com/', 'https://www.facebook.com/', null, 'https://blog.example/', null, null, null, null, null, null][entry + 1] end as referrer,
        case when hit = 0 then [null, null, 'google', null, 'newsletter', 'facebook', 'criteo', 'awin', 'sms', 'youtube'][entry + 1] end as utm_source,
        case when hit = 0 then [null, null, 'cpc', null, 'email', 'paid_social', 'display', 'affiliate', 'sms', 'cpv'][entry + 1] end as utm_medium,
        case when hit = 0 and entry > 1 then 'campaign_' || entry end as utm_campaign,
        cast(null as varchar) as utm_content,
        cast(null as varchar) as utm_term,
        ['mobile', 'desktop', 'tablet'][device % 3 + 1] as device_type,
        case when hit = 5 and buys then 'ow' || i end as order_id,
        case when hit = 5 and buys then cast(10 + hash(i, 8) % 20000 / 100.0 as decimal(18, 4)) end as revenue,
        case when hit = 5 and buys then 'EUR' end as currency,
        1 as file_id, i as row_number, 'bench' as run_id
      from visits`,
      params(webShare)
    )
    // Store: a visit or a purchase; the till captures a loyalty card, an e-mail, both, or
    // nothing; one purchase in 50 is scanned with a staff card (the merge guard's case).
    yield* db.run(
      `insert into events_store
      with store_events as (
        select
          i,
          cast(hash(i, 11) % $customers as bigint) as customer,
          cast(hash(i, 12) % 100 as bigint) as how,
          hash(i, 13) % 10 < 4 as is_purchase,
          timestamptz '2026-01-01 08:00:00+00' + to_seconds(cast(hash(i, 14) % (90 * 86400) as bigint)) as occurred_at
        from range(cast($n as bigint)) as t (i)
      )
      select
        's' || i as event_id,
        occurred_at,
        'S' || (customer % 10) as store_id,
        case when is_purchase then 'purchase' else 'visit' end as event_type,
        case when how < 2 and is_purchase then 'L-STAFF-' || (customer % 3) when how < 50 then 'L' || customer end as loyalty_id,
        cast(null as varchar) as customer_id,
        case when how < 2 or how between 30 and 70 then md5('e' || customer) end as email_hash,
        case when how between 90 and 92 then md5('p' || customer) end as phone_hash,
        case when is_purchase then 'os' || i end as order_id,
        case when is_purchase then cast(5 + hash(i, 15) % 30000 / 100.0 as decimal(18, 4)) end as revenue,
        case when is_purchase then 'EUR' end as currency,
        cast(null as varchar) as coupon_code,
        2 as file_id, i as row_number, 'bench' as run_id
      from store_events`,
      params(storeShare)
    )
    yield* db.run(
      `insert into events_survey
      select
        'v' || i, timestamptz '2026-01-01 00:00:00+00' + to_seconds(cast(hash(i, 21) % (90 * 86400) as bigint)),
        'nps', cast(hash(i, 22) % 11 as integer), null, md5('e' || (hash(i, 23) % $customers)), null,
        'web', 'email', null, null, null, null, null,
        3, i, 'bench'
      from range(cast($n as bigint)) as t (i)`,
      params(surveyShare)
    )
    yield* db.run(
      `insert into events_support
      select
        'u' || i, timestamptz '2026-01-01 00:00:00+00' + to_seconds(cast(hash(i // 3, 31) % (90 * 86400) + (i % 3) * 3600 as bigint)),
        't' || (i // 3), ['created', 'agent_reply', 'solved'][i % 3 + 1], 'chat',
        case when i % 3 = 0 then 'c' || (hash(i // 3, 32) % $customers) end, null, null, 'where_is_my_order', null, null, null,
        4, i, 'bench'
      from range(cast($n as bigint)) as t (i)`,
      params(supportShare)
    )
    yield* db.run(
      `insert into events_delivery
      select
        'd' || i, timestamptz '2026-01-01 00:00:00+00' + to_seconds(cast(hash(i, 41) % (90 * 86400) as bigint)),
        'ow' || i, 'delivered', null, 'standard', null, 'c' || (hash(i, 42) % $customers), null,
        5, i, 'bench'
      from range(cast($n as bigint)) as t (i)`,
      params(deliveryShare)
    )
  })

const timed = <A, E, R>(label: string, eff: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const start = performance.now()
    const result = yield* eff
    const seconds = (performance.now() - start) / 1000
    console.log(`  ${label.padEnd(10)} ${seconds.toFixed(1).padStart(7)} s`)
    return result
  })

/** Runs one size; `keep` names a warehouse file to leave behind for inspection. */
const runOne = async (millions: number, keep: string | undefined): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "touchpoint-bench-"))
  const config = Schema.decodeUnknownSync(Config)({})
  try {
    const program = Effect.gen(function*() {
      const db = yield* Duckdb
      yield* ensureWarehouse(db)
      yield* timed("generate", generate(db, Math.round(millions * 1_000_000)))
      const ctx = { db, config, runId: "bench", since: null, until: null, fullRefresh: false, refresh: rebuildAll }
      yield* timed("identity", identityStage.run(ctx))
      yield* timed("journeys", journeysStage.run(ctx))
      const summary = yield* identitySummary(db)
      const [counts] = yield* db.all(
        "select (select count(*) from touchpoints) as touchpoints, (select count(*) from journeys) as journeys, (select count(*) from customers) as customers"
      )
      console.log(`  identity: ${JSON.stringify(summary)}`)
      console.log(`  tables:   ${JSON.stringify(counts)}`)
    })
    await Effect.runPromise(program.pipe(Effect.provide(layer({
      path: keep ?? join(dir, "bench.duckdb"),
      threads: config.duckdb.threads,
      memoryLimit: config.duckdb.memoryLimit,
      tempDirectory: join(dir, "spill")
    }))))
    console.log(`  peak RSS   ${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(7)} MiB`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const args = process.argv.slice(2)
if (args[0] === "--one") {
  await runOne(Number(args[1]), args[2])
} else {
  const sizes = args.length > 0 ? args.map(Number) : [1, 5, 10]
  const self = fileURLToPath(import.meta.url)
  for (const millions of sizes) {
    const { threads, memoryLimit } = Schema.decodeUnknownSync(Config)({}).duckdb
    console.log(`${millions} million events (threads ${threads}, memory_limit ${memoryLimit}):`)
    execFileSync(process.execPath, [...process.execArgv, self, "--one", String(millions)], { stdio: "inherit" })
  }
}
