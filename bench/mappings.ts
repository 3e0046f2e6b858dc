/**
 * Source-mapping benchmark: what a mapping costs at ingest. The same events are written twice,
 * once as an export that needs a mapping and once in the contract's shape, and the ingest stage
 * of a full `run` is timed for each, alternately, each run in its own process:
 *
 *   store: a German till export (windows-1252, CR LF, `;`, decimal comma, `%d.%m.%Y %H:%M` in
 *          Europe/Berlin, 2 lines before the header) against a UTF-8 contract CSV;
 *   web:   a nested NDJSON export (epoch seconds, JSON paths, cents) against flat contract NDJSON.
 *
 *   pnpm bench mappings [--rows 1000000] [--repeat 2]
 *
 * Inputs are cached under bench/work/ (git-ignored). Both runs of a pair use the same config
 * file; its globs match only the export's folder, so the contract files are read as contract.
 * With TOUCHPOINT_PROFILE=1 each run's profile lines are printed too. Never fails on speed;
 * it warns when mapped and contract runs accept different numbers of rows.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { cliCommand } from "./cli.ts"
import { LineWriter, numberArg, prng } from "./inputs.ts"

const root = join(import.meta.dirname, "..")
const work = join(root, "bench", "work")

const rows = numberArg("rows") ?? 1_000_000
const repeat = Math.max(1, numberArg("repeat") ?? 2)
// Like a real inbox: a day's or a till's export per file, not one huge file.
const fileCount = Math.min(10, rows)

const config = {
  sources: {
    store: { files: [{
      match: "kasse/**/*.csv",
      csv: { delimiter: ";", decimal: ",", encoding: "windows-1252", skipRows: 2 },
      timestamps: { format: "%d.%m.%Y %H:%M", timezone: "Europe/Berlin" },
      fields: {
        event_id: { template: "{Filiale}-{Bon-Nr}" }, occurred_at: "Zeitpunkt", store_id: "Filiale",
        event_type: { column: "Vorgang", values: { Verkauf: "purchase", Besuch: "visit" } },
        loyalty_id: "Kundenkarte", order_id: "Bon-Nr", revenue: "Umsatz"
      }
    }] },
    web: { files: [{
      match: "app/**/*.ndjson",
      timestamps: { unit: "s" },
      fields: {
        event_id: "id", occurred_at: "ts", anonymous_id: "$.user.anon", customer_id: "$.user.login",
        event_type: { column: "type", values: { "Page Viewed": "page_view", "Order Completed": "purchase" } },
        page_url: "$.ctx.page.url", referrer: "$.ctx.page.referrer", utm_source: "$.ctx.campaign.source", utm_medium: "$.ctx.campaign.medium",
        order_id: "$.props.order", revenue: { path: "$.props.total_cents", scale: 0.01 }
      }
    }] }
  }
}

/** The rows of file f when `rows` are split over `fileCount` files (the first files take the remainder). */
const fileRange = (f: number): [number, number] => {
  const base = Math.floor(rows / fileCount), extra = rows % fileCount
  const start = f * base + Math.min(f, extra)
  return [start, start + base + (f < extra ? 1 : 0)]
}
const two = (n: number) => String(n).padStart(2, "0")
const days = 90 // 2026-01-01 .. 2026-03-31: the pipeline quarantines instants before 2000 or in the future

/** Berlin's UTC offset ("+01:00") at noon of a day: shops are open 08–20, far from the 02:00 switch. */
const berlinOffset = (utcMs: number): string => {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Berlin", timeZoneName: "longOffset" })
    .formatToParts(utcMs).find((p) => p.type === "timeZoneName")?.value ?? "GMT+01:00"
  return name === "GMT" ? "+00:00" : name.slice(3)
}

const germanMoney = (cents: number) =>
  `${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+$)/g, ".")},${two(cents % 100)}`
const dotMoney = (cents: number) => `${Math.floor(cents / 100)}.${two(cents % 100)}`

const writeStore = (mappedDir: string, contractDir: string) => {
  const stores = ["Köln-01", "München-02", "Düsseldorf-03", "Nürnberg-04", "Lübeck-05", "Göttingen-06", "Würzburg-07", "Saarbrücken-08", "Berlin-09", "Hamburg-10"]
  const offsets = Array.from({ length: days }, (_, d) => berlinOffset(Date.UTC(2026, 0, 1 + d, 12)))
  const r = prng(7)
  for (let f = 0; f < fileCount; f++) {
    // latin1 encodes U+00A0–U+00FF as the same bytes windows-1252 uses, which covers every umlaut here.
    const mapped = new LineWriter(join(mappedDir, "store", "kasse", "2026", `export-${two(f + 1)}.csv`), "latin1", "\r\n")
    const contract = new LineWriter(join(contractDir, "store", `store-${two(f + 1)}.csv`), "utf8", "\n")
    mapped.line("Kassenjournal Export;;;;;")
    mapped.line("Zeitraum 01.01.2026 - 31.03.2026;;;;;")
    mapped.line("Filiale;Bon-Nr;Zeitpunkt;Vorgang;Kundenkarte;Umsatz")
    contract.line("event_id,occurred_at,store_id,event_type,loyalty_id,order_id,revenue")
    const [from, to] = fileRange(f)
    for (let i = from; i < to; i++) {
      const store = stores[Math.floor(r() * stores.length)] ?? "Köln-01"
      const bon = String(100001 + i)
      const day = Math.floor((i * days) / rows)
      const minute = 8 * 60 + Math.floor(r() * 720)
      const date = new Date(Date.UTC(2026, 0, 1 + day))
      const [y, m, d] = [date.getUTCFullYear(), two(date.getUTCMonth() + 1), two(date.getUTCDate())]
      const [hh, mm] = [two(Math.floor(minute / 60)), two(minute % 60)]
      const purchase = r() < 0.05
      const loyalty = r() < 0.6 ? `L${Math.floor(r() * 200_000)}` : ""
      const cents = purchase ? 99 + Math.floor(r() * 300_000) : null
      mapped.line(`${store};${bon};${d}.${m}.${y} ${hh}:${mm};${purchase ? "Verkauf" : "Besuch"};${loyalty};${cents === null ? "" : germanMoney(cents)}`)
      contract.line(`${store}-${bon},${y}-${m}-${d}T${hh}:${mm}:00${offsets[day] ?? "+01:00"},${store},${purchase ? "purchase" : "visit"},${loyalty},${bon},${cents === null ? "" : dotMoney(cents)}`)
    }
    mapped.close()
    contract.close()
  }
}

const writeWeb = (mappedDir: string, contractDir: string) => {
  const start = Date.UTC(2026, 0, 1) / 1000
  const span = days * 86_400 - 60
  const referrers = ["https://www.google.com/", "https://www.bing.com/", "https://www.facebook.com/", "https://shop.example/"]
  const campaigns = [["newsletter", "email"], ["google", "cpc"], ["facebook", "paid_social"]] as const
  const r = prng(11)
  for (let f = 0; f < fileCount; f++) {
    const mapped = new LineWriter(join(mappedDir, "web", "app", "2026", `export-${two(f + 1)}.ndjson`), "utf8", "\n")
    const contract = new LineWriter(join(contractDir, "web", `web-${two(f + 1)}.ndjson`), "utf8", "\n")
    const [from, to] = fileRange(f)
    for (let i = from; i < to; i++) {
      const ts = start + Math.floor((i * span) / rows) + Math.floor(r() * 60)
      // About 20 events per visitor; every third visitor is a customer who logs in on half of
      // their events. One login per visitor keeps identity graphs small: random pairs would
      // join everyone into one customer and make journeys and attribution explode.
      const visitor = Math.floor(r() * Math.max(1, rows / 20))
      const anon = `a${visitor}`
      const login = visitor % 3 === 0 && r() < 0.5 ? `c${visitor / 3}` : undefined
      const purchase = r() < 0.05
      const url = purchase ? "https://shop.example/checkout/done" : `https://shop.example/p/${Math.floor(r() * 5000)}`
      const referrer = r() < 0.5 ? referrers[Math.floor(r() * referrers.length)] : undefined
      const campaign = r() < 0.4 ? campaigns[Math.floor(r() * campaigns.length)] : undefined
      const order = purchase ? `o${i + 1}` : undefined
      const cents = purchase ? 99 + Math.floor(r() * 30_000) : undefined
      // JSON.stringify drops undefined members, so absent values are absent keys in both shapes.
      mapped.line(JSON.stringify({
        id: `e${i + 1}`, ts, user: { anon, login },
        ctx: { page: { url, referrer }, campaign: campaign && { source: campaign[0], medium: campaign[1] } },
        type: purchase ? "Order Completed" : "Page Viewed",
        props: purchase ? { order, total_cents: cents } : undefined
      }))
      contract.line(JSON.stringify({
        event_id: `e${i + 1}`, occurred_at: new Date(ts * 1000).toISOString(), anonymous_id: anon, customer_id: login,
        event_type: purchase ? "purchase" : "page_view", page_url: url, referrer, utm_source: campaign?.[0], utm_medium: campaign?.[1],
        order_id: order, revenue: cents === undefined ? undefined : Number(dotMoney(cents))
      }))
    }
    mapped.close()
    contract.close()
  }
}

// The version in the name makes a changed generator write new inputs instead of reusing stale ones.
const inputs = join(work, `mappings-v2-${rows}`)
if (!existsSync(join(inputs, ".complete"))) {
  rmSync(inputs, { recursive: true, force: true })
  const began = performance.now()
  writeStore(join(inputs, "store-mapped"), join(inputs, "store-contract"))
  writeWeb(join(inputs, "web-mapped"), join(inputs, "web-contract"))
  writeFileSync(join(inputs, ".complete"), "")
  console.log(`generated ${rows.toLocaleString("en-US")} rows × 4 inboxes in ${((performance.now() - began) / 1000).toFixed(1)} s (${inputs})`)
}
const configFile = join(inputs, "config.json")
writeFileSync(configFile, JSON.stringify(config, null, 2))

interface Summary {
  readonly stages: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>
  readonly sources: Readonly<Record<string, { readonly accepted: number; readonly quarantined: number }>>
}
interface Measurement { readonly ingest: number; readonly wall: number; readonly peakMiB: number; readonly accepted: number; readonly quarantined: number }

/** One full `run` over an inbox in a fresh warehouse, under GNU time (wall seconds, peak RSS). */
const measure = (inbox: string, source: string): Measurement => {
  const scratch = join(work, "mappings-run")
  rmSync(scratch, { recursive: true, force: true })
  mkdirSync(scratch, { recursive: true })
  const args = [...cliCommand(), "run", "--inbox", inbox, "--out", join(scratch, "out"), "--warehouse", join(scratch, "w.duckdb"), "--json", "--config", configFile]
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, TOUCHPOINT_PII_KEY: "bench" }, maxBuffer: 1 << 28 })
  rmSync(scratch, { recursive: true, force: true })
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`)
  for (const line of r.stderr.split("\n")) if (line.startsWith("profile ")) console.log(`  ${line}`)
  const [wall, kb] = (r.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number)
  const summary = JSON.parse(r.stdout) as Summary
  const counts = summary.sources[source]
  return {
    ingest: summary.stages.find((s) => s.stage === "ingest")?.seconds ?? NaN,
    wall: wall ?? NaN,
    peakMiB: (kb ?? NaN) / 1024,
    accepted: counts?.accepted ?? NaN,
    quarantined: counts?.quarantined ?? NaN
  }
}

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] ?? NaN : ((s[s.length / 2 - 1] ?? NaN) + (s[s.length / 2] ?? NaN)) / 2
}
const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
const distinct = (ms: ReadonlyArray<Measurement>, k: "accepted" | "quarantined") => [...new Set(ms.map((m) => m[k]))].map((n) => fmt(n)).join("/")

const widths = [22, 11, 11, 11, 10, 10, 11, 12, 11, 11]
const row = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 10) : c.padStart(widths[i] ?? 10))).join("")

console.log(`mappings benchmark on ${process.arch}, node ${process.version}; ${fmt(rows)} rows in ${fileCount} files per case, ${repeat} runs each, mapped and contract alternately`)
console.log("ingest = the run's ingest stage; wall = the whole `run` (all stages and publish); peak = highest RSS of the runs")
console.log(row(["case", "rows", "ingest min", "ingest med", "wall med", "peak MiB", "accepted", "quarantined", "ratio min", "ratio med"]))
const warnings: Array<string> = []
for (const [source, label] of [["store", "CSV"], ["web", "NDJSON"]] as const) {
  const mapped: Array<Measurement> = []
  const contract: Array<Measurement> = []
  for (let i = 0; i < repeat; i++) {
    // ABBA order: whichever runs second in a pair meets a warmer page cache, so the first alternates.
    const order = i % 2 === 0 ? (["mapped", "contract"] as const) : (["contract", "mapped"] as const)
    for (const kind of order) (kind === "mapped" ? mapped : contract).push(measure(join(inputs, `${source}-${kind}`), source))
  }
  const [mMin, mMed, cMin, cMed] = [Math.min(...mapped.map((m) => m.ingest)), median(mapped.map((m) => m.ingest)), Math.min(...contract.map((m) => m.ingest)), median(contract.map((m) => m.ingest))]
  for (const [kind, ms, ratios] of [["mapped", mapped, [fmt(mMin / cMin, 2), fmt(mMed / cMed, 2)]], ["contract", contract, ["", ""]]] as const) {
    console.log(row([`${source} ${kind} ${label}`, fmt(rows), fmt(Math.min(...ms.map((m) => m.ingest)), 2), fmt(median(ms.map((m) => m.ingest)), 2),
      fmt(median(ms.map((m) => m.wall)), 1), fmt(Math.max(...ms.map((m) => m.peakMiB))), distinct(ms, "accepted"), distinct(ms, "quarantined"), ...ratios]))
  }
  const accepted = new Set([...mapped, ...contract].map((m) => m.accepted))
  if (accepted.size !== 1) warnings.push(`WARNING ${source}: accepted rows differ (mapped ${distinct(mapped, "accepted")}, contract ${distinct(contract, "accepted")})`)
  else if (!accepted.has(rows)) warnings.push(`WARNING ${source}: mapped and contract both accepted ${distinct(mapped, "accepted")} of ${fmt(rows)} rows`)
}
for (const w of warnings) console.log(w)
