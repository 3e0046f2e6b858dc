/**
 * Scale benchmark (issue "Ten million events"): one generated inbox; a full run on a fresh
 * warehouse against the floor — DuckDB alone reading every input file once and writing it to
 * Parquet, with the same threads and memory limit — side by side in one bench run, each in its
 * own process (wall seconds, peak RSS). Prints numbers; never fails on speed.
 *
 *   pnpm bench scale [--events 1000000] [--formats ndjson|mixed]
 *
 * The floor reads NDJSON, CSV and Parquet with DuckDB; Arrow IPC files (mixed formats only),
 * which DuckDB cannot read offline, are decoded with apache-arrow in the same process and the
 * time counted in. Inboxes are cached under bench/work/scale-<events>-<formats>.
 * With TOUCHPOINT_PROFILE=1 the run's per-model times are printed too.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { Duckdb } from "../schemas/config.ts"
import { generateInbox } from "../src/generate/generate-inbox.ts"
import { cliCommand, settleDisk } from "./cli.ts"

const root = join(import.meta.dirname, "..")
const work = join(root, "bench", "work")
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? undefined : process.argv[i + 1]
}
const events = /^\d+$/.test(arg("events") ?? "") ? Number(arg("events")) : 1_000_000
const formats = arg("formats") === "mixed" ? "mixed" : "ndjson"

/** Runs a command under GNU time: wall seconds, peak RSS (MiB) and stdout/stderr. */
const measure = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  settleDisk()
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 28 })
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr.slice(-2000)}`)
  const [seconds, kb] = (r.stderr.trim().split("\n").at(-1) ?? "").split(" ").map(Number)
  return { seconds: seconds ?? NaN, peakMiB: (kb ?? NaN) / 1024, stdout: r.stdout, stderr: r.stderr }
}

// The floor, as its own process: every file once, DuckDB reading and writing Parquet.
const floorScript = `
import { DuckDBInstance, listValue } from "@duckdb/node-api"
import { tableFromIPC } from "apache-arrow"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
const [inbox, out, memoryLimit] = process.argv.slice(1)
const instance = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: memoryLimit })
const con = await instance.connect()
const files = (dir) => readdirSync(dir).flatMap((n) => statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)])
let rows = 0
for (const source of ["web", "store", "survey", "support", "delivery", "review"]) {
  const dir = join(inbox, source)
  const all = files(dir)
  const of = (re) => all.filter((f) => re.test(f))
  const reads = [
    [of(/\\.(ndjson|jsonl)(\\.gz)?$/), "read_json($files, format = 'newline_delimited', union_by_name = true)"],
    [of(/\\.csv(\\.gz)?$/), "read_csv($files, union_by_name = true, all_varchar = true)"],
    [of(/\\.parquet$/), "read_parquet($files, union_by_name = true)"]
  ]
  for (const [list, reader] of reads) {
    if (list.length === 0) continue
    const r = await con.runAndReadAll("copy (select * from " + reader + ") to $out (format parquet, compression zstd)",
      { files: listValue(list), out: join(out, source + "-" + rows + ".parquet") })
    rows += Number(r.getRows()[0]?.[0] ?? 0)
  }
  for (const f of of(/\\.(arrow|arrows)$/)) rows += tableFromIPC(readFileSync(f)).numRows
}
console.log(JSON.stringify({ rows }))
`

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })

const inbox = join(work, `scale-${events}-${formats}`)
if (!existsSync(join(inbox, ".complete"))) {
  rmSync(inbox, { recursive: true, force: true })
  // about 63 events per customer over 90 days with this generator
  await generateInbox({ inbox, customers: Math.max(50, Math.round(events / 63)), days: 90, seed: 17, startDate: "2026-01-01", formats })
  writeFileSync(join(inbox, ".complete"), "")
}
const scratch = join(work, `scale-run-${events}-${formats}`)
rmSync(scratch, { recursive: true, force: true })
mkdirSync(join(scratch, "floor"), { recursive: true })

// the floor takes the run's default memory limit, as the run does
const { memoryLimit } = Schema.decodeUnknownSync(Duckdb)({})
const floor = measure([process.execPath, "--input-type=module", "-e", floorScript, inbox, join(scratch, "floor"), memoryLimit])
const floorRows = (JSON.parse(floor.stdout) as { rows: number }).rows
const run = measure(
  [...cliCommand(), "run", "--inbox", inbox, "--out", join(scratch, "out"), "--warehouse", join(scratch, "w.duckdb"), "--json"],
  { TOUCHPOINT_PII_KEY: "bench" }
)
for (const line of run.stderr.split("\n")) if (line.startsWith("profile ")) console.log(`  ${line}`)
const summary = JSON.parse(run.stdout) as { sources: Record<string, { read: number }>; stages: Array<{ stage: string; seconds: number }> }
const read = Object.values(summary.sources).reduce((a, s) => a + s.read, 0)
const ingest = summary.stages.find((s) => s.stage === "ingest")?.seconds ?? NaN

console.log(`scale benchmark: ${fmt(read)} events read (${formats}), ${fmt(floorRows)} rows in the floor; 2 DuckDB threads, ${memoryLimit} limit`)
console.log(`floor: ${fmt(floor.seconds, 1)} s, peak ${fmt(floor.peakMiB)} MiB`)
console.log(`run:   ${fmt(run.seconds, 1)} s, peak ${fmt(run.peakMiB)} MiB; run / floor ${fmt(run.seconds / floor.seconds, 2)}, ingest / floor ${fmt(ingest / floor.seconds, 2)}`)
console.log(`  stages: ${summary.stages.map((s) => `${s.stage} ${fmt(s.seconds, 1)}`).join(", ")}`)
rmSync(scratch, { recursive: true, force: true })
