/**
 * Nightly benchmark: a generated 90-day history; a full run over days 1–88, the nightly run
 * that finds day 89 (the first night after a full run), then the nightly run that finds day 90
 * (a night after a night), each in its own process (time, peak RSS). Prints numbers only.
 *
 *   pnpm bench nightly [--events 5000000] [--reuse-full] [--repeat N] [--keep]
 *
 * Two nights, because the first night after a full run pays once for what the full run left:
 * DuckDB compacts, at that night's checkpoint, the row groups of every table the night touches
 * that a parallel or many-part CREATE TABLE AS left part-filled (docs/operations.md,
 * "Incremental refresh"). The nights after it are what a deployment runs every night; the
 * target is read against them, and both ratios are printed.
 *
 * --reuse-full keeps a snapshot of the state after the first night (bench/work/nights-<events>)
 * and, when one exists, starts from it, so the later night can be measured again without
 * redoing the full run. --repeat N runs the later night N times, each from that state, and
 * reports the fastest and the median (a shared machine's noise is tens of percent).
 * --keep leaves the nightly workspace (bench/work/nightly-<events>) in place.
 * With TOUCHPOINT_PROFILE=1 the runs' per-model times are printed too.
 */
import { spawn } from "node:child_process"
import { cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { DuckDBInstance } from "@duckdb/node-api"
import { Schema } from "effect"
import { Config } from "../schemas/config.ts"
import { generateInbox } from "../src/generate/generate-inbox.ts"
import { buildDigest } from "../src/run/refresh.ts"
import { cliCommand, settleDisk } from "./cli.ts"

const root = join(import.meta.dirname, "..")
const work = join(root, "bench", "work")
const eventsArg = process.argv[process.argv.indexOf("--events") + 1]
const target = eventsArg !== undefined && /^\d+$/.test(eventsArg) ? Number(eventsArg) : 5_000_000

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : n.startsWith(".") ? [] : [join(dir, n)]))

/**
 * Runs the CLI under /usr/bin/time; meanwhile the warehouse's write-ahead log is watched, and
 * its largest size is reported (a nightly run checkpoints only when it closes the warehouse, so
 * that is about what the run wrote to it).
 */
const measure = async (args: ReadonlyArray<string>) => {
  settleDisk()
  const wal = join(scratch, "w.duckdb.wal")
  let walBytes = 0
  const child = spawn("/usr/bin/time", ["-f", "%e %M %U %S", ...args], { cwd: root, env: { ...process.env, TOUCHPOINT_PII_KEY: "bench" } })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()))
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()))
  const watch = setInterval(() => {
    try {
      walBytes = Math.max(walBytes, statSync(wal).size)
    } catch {
      // no log yet, or already checkpointed
    }
  }, 20)
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve))
  clearInterval(watch)
  const r = { status, stdout, stderr }
  if (r.status !== 0) throw new Error(r.stderr.slice(-2000))
  for (const line of r.stderr.split("\n")) if (line.startsWith("profile ")) console.log(`  ${line}`)
  const [seconds, kb, user, system] = (r.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number)
  const summary = JSON.parse(r.stdout) as {
    stages: Array<{ stage: string; seconds: number }>
    sources: Record<string, { read: number }>
    started_at: string
    finished_at: string
  }
  return { seconds: seconds ?? NaN, peakMiB: (kb ?? NaN) / 1024, cpuSeconds: (user ?? NaN) + (system ?? NaN), walMiB: walBytes / 1024 / 1024, summary }
}

const source = join(work, `history-${target}`)
if (!existsSync(join(source, ".complete"))) {
  rmSync(source, { recursive: true, force: true })
  await generateInbox({ inbox: source, customers: Math.max(50, Math.round(target / 70)), days: 90, seed: 13, startDate: "2026-01-01", formats: "mixed" })
  writeFileSync(join(source, ".complete"), "")
}
const files = filesUnder(source).map((f) => relative(source, f))
const dayOf = (f: string) => /(\d{4}-\d{2}-\d{2})/.exec(f)?.[1] ?? ""
const days = [...new Set(files.map(dayOf))].filter((d) => d !== "").sort()
const [firstNightDay, lastDay] = days.slice(-2)
if (firstNightDay === undefined || lastDay === undefined) throw new Error(`the history in ${source} needs at least two dated days of files`)
const scratch = join(work, `nightly-${target}`)
rmSync(scratch, { recursive: true, force: true })
const inbox = join(scratch, "inbox")
const copy = (f: string) => {
  mkdirSync(dirname(join(inbox, f)), { recursive: true })
  cpSync(join(source, f), join(inbox, f))
}
const nightDays = new Set([firstNightDay, lastDay])
for (const f of files) if (!nightDays.has(dayOf(f))) copy(f)
const args = (extra: ReadonlyArray<string> = []) =>
  [...cliCommand(), "run", "--inbox", inbox, "--out", join(scratch, "out"), "--warehouse", join(scratch, "w.duckdb"), "--json", ...extra]
const reuse = process.argv.includes("--reuse-full")
const repeatArg = process.argv.includes("--repeat") ? process.argv[process.argv.indexOf("--repeat") + 1] ?? "" : "1"
if (!/^[1-9]\d*$/.test(repeatArg)) throw new Error(`--repeat needs a whole number of runs, not '${repeatArg}'`)
const repeat = Number(repeatArg)
// a repeated nightly run starts again from the state after the first night
const snapshot = join(work, reuse ? `nights-${target}` : `nights-${target}.repeat`)
// The warehouse and the outputs are copied; the inbox's files are hard-linked, so they keep the
// exact modification times the full run recorded. A copy rounds them (to about a microsecond,
// and the run compares whole milliseconds), and a real night finds the old files untouched:
// with copies about half of them were hashed again every nightly run, 0.3–0.5 s a night that
// no deployment pays.
const cloneWorkspace = (from: string, to: string) => {
  rmSync(to, { recursive: true, force: true })
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true, filter: (f) => f !== join(from, "inbox") })
  for (const f of filesUnder(join(from, "inbox"))) {
    const target = join(to, relative(from, f))
    mkdirSync(dirname(target), { recursive: true })
    linkSync(f, target)
  }
}
const restore = async () => {
  cloneWorkspace(snapshot, scratch)
  // The snapshot's derived tables were built by the program as it was then; stamp them as built
  // by this one so the nightly run is measured as incremental. Only meaningful while the
  // models compute what they computed then (a development aid; a real upgrade rebuilds).
  const digest = buildDigest({ config: Schema.decodeUnknownSync(Config)({}), since: null, until: null, piiKey: Buffer.from("bench", "utf8") })
  const instance = await DuckDBInstance.create(join(scratch, "w.duckdb"))
  const con = await instance.connect()
  await con.run("update derived_state set build_digest = $d", { d: digest })
  con.closeSync()
  instance.closeSync()
}
type Measured = Awaited<ReturnType<typeof measure>>
let full: Measured
let firstNight: Measured
let fresh = true
if (reuse && existsSync(join(snapshot, ".complete"))) {
  ;({ full, firstNight } = JSON.parse(readFileSync(join(snapshot, ".complete"), "utf8")) as { full: Measured; firstNight: Measured })
  fresh = false
} else {
  full = await measure(args())
  for (const f of files) if (dayOf(f) === firstNightDay) copy(f)
  firstNight = await measure(args())
  if (reuse || repeat > 1) {
    cloneWorkspace(scratch, snapshot)
    writeFileSync(join(snapshot, ".complete"), JSON.stringify({ full, firstNight }))
  }
}
const nightlies: Array<Measured> = []
for (let i = 0; i < repeat; i++) {
  if (i > 0 || !fresh) await restore()
  for (const f of files) if (dayOf(f) === lastDay) copy(f)
  nightlies.push(await measure(args()))
}
if (!reuse) rmSync(snapshot, { recursive: true, force: true })
const stages = (s: Measured["summary"]) => s.stages.map((t) => `${t.stage} ${t.seconds.toFixed(1)}`).join(", ")
const events = (s: Measured["summary"]) => Object.values(s.sources).reduce((a, x) => a + x.read, 0)
console.log(`nightly benchmark: ${days.length}-day history, ${files.length} files`)
const cpu = (m: Measured) => (Number.isFinite(m.cpuSeconds) ? `, CPU ${m.cpuSeconds.toFixed(1)} s` : "")
const night = (label: string, m: Measured) => {
  console.log(`${label}: ${events(m.summary).toLocaleString("en-US")} events read, ${m.seconds.toFixed(1)} s${cpu(m)}, peak ${m.peakMiB.toFixed(0)} MiB, write-ahead log ${m.walMiB.toFixed(1)} MiB`)
  console.log(`  stages: ${stages(m.summary)}`)
  const inRun = (Date.parse(m.summary.finished_at) - Date.parse(m.summary.started_at)) / 1000
  console.log(`  from the run's start to its end ${inRun.toFixed(1)} s; starting and closing the process ${(m.seconds - inRun).toFixed(1)} s`)
}
console.log(`full run (days 1–${days.length - 2}): ${events(full.summary).toLocaleString("en-US")} events read, ${full.seconds.toFixed(1)} s${cpu(full)}, peak ${full.peakMiB.toFixed(0)} MiB`)
console.log(`  stages: ${stages(full.summary)}`)
night(`first night after it (day ${days.length - 1})`, firstNight)
for (const nightly of nightlies) night(`nightly run (day ${days.length})`, nightly)
const times = nightlies.map((n) => n.seconds).sort((a, b) => a - b)
const median = times.length % 2 === 1 ? times[(times.length - 1) / 2] ?? NaN : ((times[times.length / 2 - 1] ?? NaN) + (times[times.length / 2] ?? NaN)) / 2
const ratio = (x: number) => (x / full.seconds).toFixed(2)
console.log(`first night / full: ${ratio(firstNight.seconds)} (it compacts what the full run left, once)`)
console.log(
  times.length === 1
    ? `nightly / full: ${ratio(median)} (target 0.20)`
    : `nightly / full: ${ratio(times[0] ?? NaN)} fastest, ${ratio(median)} median of ${times.length} (target 0.20)`
)
if (!process.argv.includes("--keep")) rmSync(scratch, { recursive: true, force: true })
