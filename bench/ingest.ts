/**
 * Ingest benchmark: generated NDJSON inboxes at several sizes; for each, a full `run` (ingest +
 * publish of the staging tables) against the floor — DuckDB alone reading the same files and
 * writing them to Parquet — each in its own process so peak memory is per measurement.
 *
 *   pnpm bench ingest [--sizes 100000,1000000,5000000]
 *
 * Generated inboxes are cached under bench/work/ (git-ignored). Prints numbers; never fails on speed.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs"
import { join } from "node:path"
import { Schema } from "effect"
import { Duckdb } from "../schemas/config.ts"
import { generateInbox } from "../src/generate/generate-inbox.ts"
import { cliCommand } from "./cli.ts"

const root = join(import.meta.dirname, "..")
const work = join(root, "bench", "work")

// About 70 events per customer over 90 days (measured on the generator).
const customersFor = (events: number) => Math.max(50, Math.round(events / 70))

const sizeArg = process.argv.find((a) => a.startsWith("--sizes="))?.slice(8) ?? process.argv[process.argv.indexOf("--sizes") + 1]
const sizes = (sizeArg !== undefined && /^[\d,]+$/.test(sizeArg) ? sizeArg : "100000,1000000,5000000").split(",").map(Number)

const files = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]))

/** Runs a command under GNU time; returns wall seconds and peak RSS in MiB. */
const measure = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 28 })
  const last = r.stderr.trim().split("\n").at(-1) ?? ""
  const [seconds, kb] = last.split(" ").map(Number)
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed:\n${r.stderr.slice(-2000)}`)
  return { seconds: seconds ?? NaN, peakMiB: (kb ?? NaN) / 1024, stdout: r.stdout }
}

const floorScript = `
import { DuckDBInstance } from "@duckdb/node-api"
const [inbox, out, memoryLimit] = process.argv.slice(1)
const instance = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: memoryLimit })
const con = await instance.connect()
let rows = 0
for (const source of ["web", "store", "survey", "support", "delivery", "review"]) {
  const r = await con.runAndReadAll(
    "copy (select * from read_json($glob, format = 'newline_delimited', union_by_name = true)) to $out (format parquet, compression zstd)",
    { glob: inbox + "/" + source + "/**/*.ndjson", out: out + "/" + source + ".parquet" })
  rows += Number(r.getRowObjectsJson()[0]?.["Count"] ?? 0)
}
console.log(JSON.stringify({ rows }))
`

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })

console.log(`ingest benchmark on ${process.arch}, node ${process.version}; NDJSON inboxes, 2 DuckDB threads`)
console.log("run = the whole `run` (all stages and publish) in its own process; ingest = its ingest stage; floor = DuckDB alone reading the files and writing Parquet")
console.log(["events", "files", "run s", "ingest s", "ingest ev/s", "peak MiB", "floor s", "floor MiB", "ingest/floor", "run/floor"].map((h) => h.padStart(13)).join(""))
for (const target of sizes) {
  const inbox = join(work, `inbox-${target}`)
  if (!existsSync(join(inbox, ".complete"))) {
    rmSync(inbox, { recursive: true, force: true })
    await generateInbox({ inbox, customers: customersFor(target), days: 90, seed: 11, startDate: "2026-01-01", formats: "ndjson" })
    const { writeFileSync } = await import("node:fs")
    writeFileSync(join(inbox, ".complete"), "")
  }
  const n = files(inbox).filter((f) => f.endsWith(".ndjson")).length
  const scratch = join(work, `run-${target}`)
  rmSync(scratch, { recursive: true, force: true })
  mkdirSync(scratch, { recursive: true })
  const run = measure(
    [...cliCommand(), "run", "--inbox", inbox, "--out", join(scratch, "out"), "--warehouse", join(scratch, "w.duckdb"), "--json"],
    { TOUCHPOINT_PII_KEY: "bench" }
  )
  const summary = JSON.parse(run.stdout) as { sources: Record<string, { read: number }>; stages: Array<{ stage: string; seconds: number }> }
  const events = Object.values(summary.sources).reduce((a, s) => a + s.read, 0)
  const ingestSeconds = summary.stages.find((s) => s.stage === "ingest")?.seconds ?? NaN
  const floorOut = join(scratch, "floor")
  mkdirSync(floorOut)
  // the floor takes the run's default memory limit, as the run does
  const floor = measure([process.execPath, "--input-type=module", "-e", floorScript, inbox, floorOut, Schema.decodeUnknownSync(Duckdb)({}).memoryLimit])
  console.log([fmt(events), fmt(n), fmt(run.seconds, 1), fmt(ingestSeconds, 1), fmt(events / ingestSeconds), fmt(run.peakMiB), fmt(floor.seconds, 1),
    fmt(floor.peakMiB), fmt(ingestSeconds / floor.seconds, 2), fmt(run.seconds / floor.seconds, 2)]
    .map((c) => c.padStart(13)).join(""))
  rmSync(scratch, { recursive: true, force: true })
}
