import { mkdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { pseudonym } from "../../src/ingest/pseudonymise.ts"
import { gzipInPlace, ndjsonToParquet, writeArrow } from "../support/convert.ts"
import { readTable, runOnce, workspace, type Workspace } from "../support/pipeline.ts"
import type { RunSummary } from "../../pipelines/run.ts"

// One inbox holding every format of the contract; the text fixtures are turned into the binary
// formats here so the expected values stay readable in tests/fixtures/formats.
let ws: Workspace
let summary: RunSummary

beforeAll(async () => {
  ws = workspace("formats")
  gzipInPlace(join(ws.inbox, "web", "day2.jsonl"))
  gzipInPlace(join(ws.inbox, "store", "day2.csv"))
  await ndjsonToParquet(join(ws.inbox, "survey", "day1.ndjson"), join(ws.inbox, "survey", "day1.parquet"), {
    event_id: "VARCHAR", occurred_at: "TIMESTAMPTZ", survey_type: "VARCHAR", score: "INTEGER", comment: "VARCHAR", language: "VARCHAR"
  })
  rmSync(join(ws.inbox, "review", "day1.ndjson"))
  writeArrow(join(ws.inbox, "review", "a.arrow"), "file", [
    // 2026-03-01T15:00:00.123456Z in microseconds: the sub-millisecond digits must survive.
    { event_id: "r1", occurred_at: 1772377200123456n, platform: "google", rating: 5, text: "Great" }
  ], "occurred_at")
  // Any depth below the source folder counts.
  mkdirSync(join(ws.inbox, "review", "nested"))
  writeArrow(join(ws.inbox, "review", "nested", "b.arrows"), "stream", [
    { event_id: "r2", occurred_at: "2026-03-01T16:00:00Z", platform: "trustpilot", rating: 2, replied_at: "2026-03-02T08:00:00Z" }
  ])
  summary = await runOnce(ws)
})

describe("ingest of every contract format", () => {
  it("reads each file completely and reconciles every file's counts", () => {
    const loaded = summary.files.filter((f) => f.status === "loaded")
    expect(loaded.map((f) => [f.path, f.format, f.rowsRead]).sort()).toEqual([
      ["review/a.arrow", "arrow", 1],
      ["review/nested/b.arrows", "arrow", 1],
      ["store/day1.csv", "csv", 2],
      ["store/day2.csv.gz", "csv", 1],
      ["survey/day1.parquet", "parquet", 2],
      ["web/day1.ndjson", "ndjson", 2],
      ["web/day2.jsonl.gz", "ndjson", 1]
    ])
    for (const f of loaded) expect(f.accepted + f.quarantined + f.duplicates).toBe(f.rowsRead)
    expect(summary.sources.web).toEqual({ read: 3, accepted: 3, quarantined: 0, duplicates: 0, filtered: 0, suppressed: 0 })
  })

  it("stores instants in UTC: offset, Z, local business time and epoch milliseconds", async () => {
    const web = await readTable(ws.out, "events_web", "event_id")
    // w2 "2026-03-01 11:30:00" has no offset: Europe/Berlin is UTC+1 in March before the DST change.
    expect(web.map((r) => [r["event_id"], r["occurred_at"]])).toEqual([
      ["w1", "2026-03-01 10:00:00+00"],
      ["w2", "2026-03-01 10:30:00+00"],
      ["w3", "2026-03-01 10:00:00+00"]
    ])
    const store = await readTable(ws.out, "events_store", "event_id")
    expect(store.map((r) => r["occurred_at"])).toEqual(["2026-03-01 11:00:00+00", "2026-03-01 11:10:00+00", "2026-03-02 09:00:00+00"])
  })

  it("keeps sub-millisecond precision of Arrow timestamps", async () => {
    const reviews = await readTable(ws.out, "events_review", "event_id")
    expect(reviews.map((r) => [r["event_id"], r["occurred_at"], r["rating"], r["replied_at"]])).toEqual([
      ["r1", "2026-03-01 15:00:00.123456+00", 5, null],
      ["r2", "2026-03-01 16:00:00+00", 2, "2026-03-02 08:00:00+00"]
    ])
  })

  it("types money and scores, and leaves empty CSV cells null", async () => {
    const store = await readTable(ws.out, "events_store", "event_id")
    expect(store.map((r) => [r["event_id"], r["revenue"], r["order_id"], r["coupon_code"]])).toEqual([
      ["s1", null, null, null],
      ["s2", "1.0000", "o2", null],
      ["s3", "120.5000", "o3", null]
    ])
    const survey = await readTable(ws.out, "events_survey", "event_id")
    expect(survey.map((r) => [r["event_id"], r["occurred_at"], r["score"]])).toEqual([
      ["q1", "2026-03-01 13:00:00+00", 9],
      ["q2", "2026-03-01 14:00:00+00", 3]
    ])
  })

  it("replaces e-mail and phone by a keyed hash of their normalised form", async () => {
    const key = Buffer.from("test-key")
    const web = await readTable(ws.out, "events_web", "event_id")
    expect(web[0]?.["email_hash"]).toBe(pseudonym(key, "anna.schmidt@example.com"))
    expect(web[0]).not.toHaveProperty("email")
    const store = await readTable(ws.out, "events_store", "event_id")
    expect(store[0]?.["phone_hash"]).toBe(pseudonym(key, "+491701234567"))
  })

  it("partitions staging tables by business month and lists every file in the manifest", async () => {
    const { readFileSync } = await import("node:fs")
    const manifest = JSON.parse(readFileSync(join(ws.out, "_manifest.json"), "utf8")) as { run_id: string; tables: Array<{ name: string; rows: number; files: Array<string> }> }
    expect(manifest.run_id).toBe(summary.run_id)
    const web = manifest.tables.find((t) => t.name === "events_web")
    expect(web?.rows).toBe(3)
    expect(web?.files).toEqual(["events_web/month=2026-03/data_0.parquet"])
    expect(manifest.tables.map((t) => t.name)).toContain("quarantine")
    const inputs = (manifest as unknown as { input_files: Array<Record<string, unknown>> }).input_files
    expect(inputs.find((f) => f["path"] === "store/day1.csv")).toMatchObject({
      source: "store", format: "csv", status: "loaded", rows_read: 2, accepted: 2, quarantined: 0, duplicates: 0
    })
  })
})
