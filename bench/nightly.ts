/**
 * Nightly benchmark: a generated 90-day history; a full run over the days before the last
 * `--nights` (2 unless given), then one nightly run per remaining day, in order, each in its
 * own process (time, peak RSS). Prints numbers only.
 *
 *   pnpm bench nightly [--events 5000000] [--nights N] [--reuse-full] [--repeat N] [--keep]
 *
 * The last night is the one the target is read against (a night after a night, as a deployment
 * runs them). The first night after a full run differs: it is the first to find the full run's
 * tables checkpointed. Every seventh run compacts the warehouse (src/run/compaction.ts), the
 * full run included, so with --nights 7 or more one night is a compacting one (the run says
 * which); the mean over the nights is then what a week of nights costs on average.
 *
 * --reuse-full keeps a snapshot of the state before the last night (bench/work/nights-<events>-<nights>)
 * and, when one exists, starts from it, so the last night can be measured again without
 * redoing the full run. --repeat N runs the last night N times, each from that state, and
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
  // whether the run compacted the warehouse (src/run/compaction.ts), as it recorded
  const instance = await DuckDBInstance.create(join(scratch, "w.duckdb"), { access_mode: "READ_ONLY" })
  const con = await instance.connect()
  const compacted = (await con.runAndReadAll("select compacted from runs order by started_at desc limit 1")).getRowObjects()[0]?.["compacted"] === true
  con.closeSync()
  instance.closeSync()
  return { seconds: seconds ?? NaN, peakMiB: (kb ?? NaN) / 1024, cpuSeconds: (user ?? NaN) + (system ?? NaN), walMiB: walBytes / 1024 / 1024, compacted, summary }
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
const nightsArg = process.argv.includes("--nights") ? process.argv[process.argv.indexOf("--nights") + 1] ?? "" : "2"
if (!/^[1-9]\d*$/.test(nightsArg)) throw new Error(`--nights needs a whole number of nights, not '${nightsArg}'`)
const nightDayList = days.slice(-Number(nightsArg))
const lastDay = nightDayList.at(-1)
if (lastDay === undefined || nightDayList.length < Number(nightsArg) || days.length <= nightDayList.length) {
  throw new Error(`the history in ${source} has ${days.length} dated days: too few for a full run and ${nightsArg} nights`)
}
const scratch = join(work, `nightly-${target}`)
rmSync(scratch, { recursive: true, force: true })
const inbox = join(scratch, "inbox")
const copy = (f: string) => {
  mkdirSync(dirname(join(inbox, f)), { recursive: true })
  cpSync(join(source, f), join(inbox, f))
}
const nightDays = new Set(nightDayList)
for (const f of files) if (!nightDays.has(dayOf(f))) copy(f)
const args = (extra: ReadonlyArray<string> = []) =>
  [...cliCommand(), "run", "--inbox", inbox, "--out", join(scratch, "out"), "--warehouse", join(scratch, "w.duckdb"), "--json", ...extra]
const reuse = process.argv.includes("--reuse-full")
const repeatArg = process.argv.includes("--repeat") ? process.argv[process.argv.indexOf("--repeat") + 1] ?? "" : "1"
if (!/^[1-9]\d*$/.test(repeatArg)) throw new Error(`--repeat needs a whole number of runs, not '${repeatArg}'`)
const repeat = Number(repeatArg)
// a repeated nightly run starts again from the state before the last night
const snapshot = join(work, reuse ? `nights-${target}-${nightDayList.length}` : `nights-${target}.repeat`)
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
  // with DuckDB's vacuum off, as the runs open it: closing after the update must not compact
  // the warehouse that the measured night is to find as the nights before left it
  const instance = await DuckDBInstance.create(join(scratch, "w.duckdb"), { max_vacuum_tasks: "0" })
  const con = await instance.connect()
  await con.run("update derived_state set build_digest = $d", { d: digest })
  con.closeSync()
  instance.closeSync()
}
type Measured = Awaited<ReturnType<typeof measure>>
let full: Measured
// the nights before the last, in order
let earlier: Array<Measured> = []
let fresh = true
if (reuse && existsSync(join(snapshot, ".complete"))) {
  ;({ full, earlier } = JSON.parse(readFileSync(join(snapshot, ".complete"), "utf8")) as { full: Measured; earlier: Array<Measured> })
  fresh = false
} else {
  full = await measure(args())
  for (const day of nightDayList.slice(0, -1)) {
    for (const f of files) if (dayOf(f) === day) copy(f)
    earlier.push(await measure(args()))
  }
  if (reuse || repeat > 1) {
    cloneWorkspace(scratch, snapshot)
    writeFileSync(join(snapshot, ".complete"), JSON.stringify({ full, earlier }))
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
const fullDays = days.length - nightDayList.length
console.log(`full run (days 1–${fullDays}): ${events(full.summary).toLocaleString("en-US")} events read, ${full.seconds.toFixed(1)} s${cpu(full)}, peak ${full.peakMiB.toFixed(0)} MiB`)
console.log(`  stages: ${stages(full.summary)}`)
const compacts = (m: Measured) => (m.compacted ? ", compacted the warehouse" : "")
earlier.forEach((m, i) => night(`night ${i + 1} (day ${fullDays + i + 1}${compacts(m)})`, m))
for (const nightly of nightlies) night(`night ${nightDayList.length} (day ${days.length}${compacts(nightly)})`, nightly)
const times = nightlies.map((n) => n.seconds).sort((a, b) => a - b)
const median = times.length % 2 === 1 ? times[(times.length - 1) / 2] ?? NaN : ((times[times.length / 2 - 1] ?? NaN) + (times[times.length / 2] ?? NaN)) / 2
const ratio = (x: number) => (x / full.seconds).toFixed(2)
if (earlier.length > 0) console.log(`night 1 / full: ${ratio(earlier[0]?.seconds ?? NaN)} (the first night after the full run)`)
console.log(
  times.length === 1
    ? `nightly / full: ${ratio(median)} (the last night; target 0.20)`
    : `nightly / full: ${ratio(times[0] ?? NaN)} fastest, ${ratio(median)} median of ${times.length} (the last night; target 0.20)`
)
if (nightDayList.length > 2) {
  // the last night as first measured, from the state the nights before left
  const all = [...earlier.map((m) => m.seconds), nightlies[0]?.seconds ?? NaN]
  console.log(`mean of the ${all.length} nights / full: ${ratio(all.reduce((a, x) => a + x, 0) / all.length)} (${all.map((x) => x.toFixed(1)).join(", ")} s)`)
}
if (!process.argv.includes("--keep")) rmSync(scratch, { recursive: true, force: true })
