/**
 * Preset benchmark: what reading a known export through its preset costs at ingest. The same
 * web events are written twice and the ingest stage of a full `run` is timed for each,
 * alternately, each run in its own process:
 *
 *   ga4:      GA4's BigQuery export as NDJSON, one `events_YYYYMMDD.json` a day under web/ga4/,
 *             in no configured mapping's reach, so the run detects the `ga4` preset (nested
 *             event_params looked up by key, INT64 as JSON strings, a hashed event id, a filter
 *             for consent-mode rows);
 *   contract: the same events as flat contract NDJSON under web/, without the consent-mode rows
 *             (the preset filters them), so both runs should accept the same number of events.
 *
 *   pnpm bench presets [--rows 1000000] [--repeat 2]
 *
 * Inputs are cached under bench/work/ (git-ignored). With TOUCHPOINT_PROFILE=1 each run's
 * profile lines are printed too. Never fails on speed; it warns when the two runs accept
 * different numbers of events or a GA4 file was not read by the detected preset.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { loadavg } from "node:os"
import { join } from "node:path"
import { cliCommand } from "./cli.ts"
import { LineWriter, numberArg, prng } from "./inputs.ts"

const root = join(import.meta.dirname, "..")
const work = join(root, "bench", "work")

const rows = Math.max(1, numberArg("rows") ?? 1_000_000)
const repeat = Math.max(1, numberArg("repeat") ?? 2)

const two = (n: number) => String(n).padStart(2, "0")
// 2026-01-01 .. 2026-03-31: the pipeline quarantines instants before 2000 or in the future
const days = 90
const startMs = Date.UTC(2026, 0, 1)
const spanMs = days * 86_400_000
// Whole milliseconds apart, so each GA4 timestamp (µs) is distinct and an exact ISO string.
const stepMs = Math.max(1, Math.floor(spanMs / rows))

type Param = { readonly key: string; readonly value: { readonly string_value?: string; readonly int_value?: string; readonly double_value?: number } }
const str = (key: string, v: string): Param => ({ key, value: { string_value: v } })
const int = (key: string, v: number): Param => ({ key, value: { int_value: String(v) } })
const dbl = (key: string, v: number): Param => ({ key, value: { double_value: v } })

// Contract event types as the ga4 preset maps GA4 event names (src/ingest/presets/ga4.ts);
// names it does not list pass through unchanged.
const contractType: Readonly<Record<string, string>> = { view_item: "product_view", begin_checkout: "checkout" }

/** The event name of a draw in [0, 1): 60 % page_view, 15 % view_item, 8 % add_to_cart, 5 % begin_checkout, 2 % purchase, 10 % the rest. */
const eventName = (x: number): string =>
  x < 0.6 ? "page_view" : x < 0.75 ? "view_item" : x < 0.83 ? "add_to_cart" : x < 0.88 ? "begin_checkout" : x < 0.9 ? "purchase"
    : x < 0.94 ? "user_engagement" : x < 0.97 ? "scroll" : "session_start"

const pageOf = (name: string, product: number): { url: string; title: string } =>
  name === "purchase" ? { url: "https://shop.example/checkout/done", title: "Thank you" }
    : name === "begin_checkout" ? { url: "https://shop.example/checkout", title: "Checkout" }
    : name === "view_item" || name === "add_to_cart" || product % 3 !== 0 ? { url: `https://shop.example/p/${product}`, title: `Product ${product}` }
    : { url: product % 2 === 0 ? "https://shop.example/" : `https://shop.example/c/${product % 40}`, title: "Shop" }

const referrers = ["https://www.google.com/", "https://www.bing.com/", "https://www.facebook.com/", "https://shop.example/", "https://mail.example/"]
const campaigns = [["newsletter", "email", "march"], ["google", "cpc", "spring_sale"], ["facebook", "paid_social", "brand"], ["partner", "affiliate", "q1"]] as const
const devices = [["desktop", "Windows", "Chrome"], ["desktop", "Macintosh", "Safari"], ["mobile", "iOS", "Safari"], ["mobile", "Android", "Chrome"], ["tablet", "iOS", "Safari"]] as const
const cities = [["Germany", "Berlin"], ["Germany", "Hamburg"], ["Austria", "Vienna"], ["Switzerland", "Zurich"], ["Germany", "Munich"]] as const

/** Writes both inboxes; returns how many consent-mode (filtered) lines the GA4 export has. */
const write = (ga4Inbox: string, contractInbox: string): number => {
  const r = prng(23)
  // About 20 events per visitor; 40 % of visitors are customers who log in on half of their
  // events (user_id on ~20 % of lines). One login per visitor keeps identity graphs small:
  // random pairs would join everyone into one customer and make journeys and attribution explode.
  const visitors = Math.max(1, Math.round(rows / 20))
  let day = -1
  let ga4: LineWriter | undefined
  let contract: LineWriter | undefined
  let firstOfFile = false
  let consent = 0
  for (let i = 0; i < rows; i++) {
    const ms = startMs + Math.floor((i * spanMs) / rows) + Math.floor(r() * stepMs)
    const d = Math.floor((ms - startMs) / 86_400_000)
    const date = new Date(ms)
    const ymd = `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`
    // Timestamps rise with i, so each day's events are contiguous: one file a day, as GA4 exports.
    if (d !== day) {
      ga4?.close()
      contract?.close()
      day = d
      ga4 = new LineWriter(join(ga4Inbox, "web", "ga4", `events_${ymd}.json`))
      contract = new LineWriter(join(contractInbox, "web", `web_${ymd}.ndjson`))
      firstOfFile = true
    }
    const visitor = Math.floor(r() * visitors)
    const firstSeen = Math.floor(startMs / 1000) - 86_400 * 30 + (visitor * 7919) % (86_400 * 30)
    const pseudo = `${1_000_000_000 + visitor}.${firstSeen}`
    // Detection reads a file's first line, which must carry user_pseudo_id like a real export's.
    const denied = !firstOfFile && r() < 0.02
    firstOfFile = false
    const userId = !denied && visitor % 5 < 2 && r() < 0.5 ? `c-${visitor}` : undefined
    const name = eventName(r())
    const page = pageOf(name, Math.floor(r() * 5000))
    const referrer = r() < 0.4 ? referrers[Math.floor(r() * referrers.length)] : undefined
    const campaign = r() < 0.3 ? campaigns[Math.floor(r() * campaigns.length)] : undefined
    const device = devices[Math.floor(r() * devices.length)] ?? devices[0]
    const geo = cities[visitor % cities.length] ?? cities[0]
    const sessionStart = Math.floor(ms / 1000) - Math.floor(r() * 1800)
    const purchase = name === "purchase"
    const cents = purchase ? 499 + Math.floor(r() * 25_000) : 0
    const revenue = cents / 100
    const order = purchase ? `T-${100_000 + i}` : undefined
    const params: Array<Param> = [str("page_location", page.url), str("page_title", page.title)]
    if (referrer !== undefined) params.push(str("page_referrer", referrer))
    params.push(int("ga_session_id", sessionStart), int("ga_session_number", 1 + (visitor % 7)))
    if (name === "user_engagement" || name === "scroll" || r() < 0.4) params.push(int("engagement_time_msec", 100 + Math.floor(r() * 30_000)))
    if (name === "scroll") params.push(int("percent_scrolled", 90))
    if (order !== undefined) params.push(str("transaction_id", order), str("currency", "EUR"), dbl("value", revenue))
    // JSON.stringify drops undefined members: GA4 leaves NULL columns out of NDJSON, and the
    // contract file has absent values as absent keys.
    ga4?.line(JSON.stringify({
      event_date: ymd,
      event_timestamp: `${ms}000`,
      event_name: name,
      event_params: params,
      event_bundle_sequence_id: String(1 + (i % 97)),
      user_id: userId,
      user_pseudo_id: denied ? undefined : pseudo,
      privacy_info: denied ? { analytics_storage: "No", ads_storage: "No", uses_transient_token: "No" } : undefined,
      user_first_touch_timestamp: denied ? undefined : `${firstSeen}000000`,
      device: { category: device[0], operating_system: device[1], web_info: { browser: device[2] } },
      geo: { country: geo[0], city: geo[1] },
      collected_traffic_source: campaign && { manual_source: campaign[0], manual_medium: campaign[1], manual_campaign_name: campaign[2] },
      stream_id: "4567890123",
      platform: "WEB",
      ecommerce: purchase ? { total_item_quantity: String(1 + (i % 3)), purchase_revenue: revenue, transaction_id: order, unique_items: "1" } : undefined,
      batch_event_index: "1",
      batch_page_id: String(sessionStart),
      batch_ordering_id: String(1 + (i % 13))
    }))
    if (denied) {
      consent++
      continue
    }
    contract?.line(JSON.stringify({
      event_id: `ga4-${i + 1}`, occurred_at: date.toISOString(), anonymous_id: pseudo, customer_id: userId,
      event_type: contractType[name] ?? name, page_url: page.url, referrer,
      utm_source: campaign?.[0], utm_medium: campaign?.[1], utm_campaign: campaign?.[2], device_type: device[0],
      order_id: order, revenue: purchase ? revenue : undefined, currency: purchase ? "EUR" : undefined
    }))
  }
  ga4?.close()
  contract?.close()
  return consent
}

// The version in the name makes a changed generator write new inputs instead of reusing stale ones.
const inputs = join(work, `presets-v1-${rows}`)
const ga4Inbox = join(inputs, "ga4")
const contractInbox = join(inputs, "contract")
if (!existsSync(join(inputs, ".complete"))) {
  rmSync(inputs, { recursive: true, force: true })
  const began = performance.now()
  const consent = write(ga4Inbox, contractInbox)
  writeFileSync(join(inputs, ".complete"), "")
  console.log(`generated ${rows.toLocaleString("en-US")} GA4 events (${consent.toLocaleString("en-US")} consent-mode) and their contract twins in ${((performance.now() - began) / 1000).toFixed(1)} s (${inputs})`)
}

interface Counts { readonly read: number; readonly accepted: number; readonly quarantined: number; readonly duplicates: number; readonly filtered: number }
interface Summary {
  readonly stages: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>
  readonly sources: Readonly<Record<string, Counts>>
  readonly files: ReadonlyArray<{ readonly path: string; readonly mapping: string | null }>
}
interface Measurement extends Counts { readonly ingest: number; readonly wall: number; readonly peakMiB: number; readonly mappings: ReadonlySet<string> }

/** One full `run` over an inbox in a fresh warehouse, under GNU time (wall seconds, peak RSS). */
const measure = (inbox: string): Measurement => {
  const scratch = join(work, "presets-run")
  rmSync(scratch, { recursive: true, force: true })
  mkdirSync(scratch, { recursive: true })
  const args = [...cliCommand(), "run", "--inbox", inbox, "--out", join(scratch, "out"), "--warehouse", join(scratch, "w.duckdb"), "--json"]
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, TOUCHPOINT_PII_KEY: "bench" }, maxBuffer: 1 << 28 })
  rmSync(scratch, { recursive: true, force: true })
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`)
  for (const line of r.stderr.split("\n")) if (line.startsWith("profile ")) console.log(`  ${line}`)
  const [wall, kb] = (r.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number)
  const summary = JSON.parse(r.stdout) as Summary
  const web = summary.sources["web"]
  return {
    ingest: summary.stages.find((s) => s.stage === "ingest")?.seconds ?? NaN,
    wall: wall ?? NaN,
    peakMiB: (kb ?? NaN) / 1024,
    read: web?.read ?? NaN,
    accepted: web?.accepted ?? NaN,
    quarantined: web?.quarantined ?? NaN,
    duplicates: web?.duplicates ?? NaN,
    filtered: web?.filtered ?? NaN,
    mappings: new Set(summary.files.filter((f) => f.path.startsWith("web/")).map((f) => f.mapping ?? "contract"))
  }
}

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] ?? NaN : ((s[s.length / 2 - 1] ?? NaN) + (s[s.length / 2] ?? NaN)) / 2
}
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
// Counts should not vary between runs of one case; if they do, every value shows.
const distinct = (ms: ReadonlyArray<Measurement>, k: keyof Counts) => [...new Set(ms.map((m) => m[k]))].map((n) => fmt(n)).join("/")

const widths = [22, 13, 13, 10, 12, 17, 10, 10, 17]
const row = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 10) : c.padStart(widths[i] ?? 10))).join("")

const files = Math.min(days, rows)
console.log(`presets benchmark on ${process.arch}, node ${process.version}; ${fmt(rows)} GA4 events in ~${files} daily files, ${repeat} runs each, ga4 and contract alternately`)
console.log("ingest = the run's ingest stage; run = the whole `run` (all stages and publish), median; peak = highest RSS of the runs; ratio = ga4/contract ingest")
// Other work on the machine slows whichever run it meets; the load average says whether there was any.
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ")
console.log(`load average at start: ${load()}`)
console.log(row(["case", "events read", "accepted", "filtered", "duplicates", "ingest s min/med", "run s", "peak MiB", "ratio min/med"]))
const ga4: Array<Measurement> = []
const contract: Array<Measurement> = []
for (let i = 0; i < repeat; i++) {
  // ABBA order: whichever runs second in a pair meets a warmer page cache, so the first alternates.
  const order = i % 2 === 0 ? (["ga4", "contract"] as const) : (["contract", "ga4"] as const)
  for (const kind of order) (kind === "ga4" ? ga4 : contract).push(measure(kind === "ga4" ? ga4Inbox : contractInbox))
}
const ingest = (ms: ReadonlyArray<Measurement>) => ({ min: Math.min(...ms.map((m) => m.ingest)), med: median(ms.map((m) => m.ingest)) })
const [g, c] = [ingest(ga4), ingest(contract)]
for (const [label, ms, s, ratio] of [
  ["ga4 preset (NDJSON)", ga4, g, `${fmt(g.min / c.min, 2)} / ${fmt(g.med / c.med, 2)}`],
  ["contract NDJSON", contract, c, ""]
] as const) {
  console.log(row([label, distinct(ms, "read"), distinct(ms, "accepted"), distinct(ms, "filtered"), distinct(ms, "duplicates"),
    `${fmt(s.min, 2)} / ${fmt(s.med, 2)}`, fmt(median(ms.map((m) => m.wall)), 1), fmt(Math.max(...ms.map((m) => m.peakMiB))), ratio]))
}
const each = (ms: ReadonlyArray<Measurement>) => ms.map((m) => fmt(m.ingest, 2)).join(", ")
console.log(`ingest s per run, in run order: ga4 ${each(ga4)}; contract ${each(contract)}; load average at end: ${load()}`)
const warnings: Array<string> = []
const accepted = new Set([...ga4, ...contract].map((m) => m.accepted))
if (accepted.size !== 1) warnings.push(`WARNING: accepted events differ (ga4 ${distinct(ga4, "accepted")}, contract ${distinct(contract, "accepted")})`)
const quarantined = [...ga4, ...contract].some((m) => m.quarantined !== 0)
if (quarantined) warnings.push(`WARNING: events quarantined (ga4 ${distinct(ga4, "quarantined")}, contract ${distinct(contract, "quarantined")})`)
const ga4Mappings = new Set(ga4.flatMap((m) => [...m.mappings]))
if (ga4Mappings.size !== 1 || !ga4Mappings.has("detected preset ga4")) warnings.push(`WARNING: GA4 files read as ${[...ga4Mappings].join(", ")}, not only "detected preset ga4"`)
for (const w of warnings) console.log(w)
