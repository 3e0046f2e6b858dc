import { Effect, Schema } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Sources } from "../../schemas/mapping.ts"
import { make } from "../../src/duckdb/duckdb.ts"
import type { InboxFile } from "../../src/ingest/discover.ts"
import { mappingFor } from "../../src/ingest/file-mappings.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { hmacPads } from "../../src/ingest/pseudonymise.ts"
import { batchRecord, readNdjsonBatch } from "../../src/ingest/read-ndjson.ts"
import { createRawTableSql, validationSql } from "../../src/ingest/source-columns.ts"
import { ingestInbox } from "../support/ingest.ts"
import { tempDir } from "../support/temp.ts"

// A mapped web export: epoch seconds, an e-mail to pseudonymise, heartbeats filtered out.
const sources = {
  web: {
    files: [{
      match: "app/*.ndjson",
      timestamps: { unit: "s" },
      filter: { path: "$.type", notIn: ["Heartbeat"] },
      fields: { event_id: "id", occurred_at: "ts", anonymous_id: "device", event_type: { const: "page_view" }, email: "mail", customer_id: "user" }
    }]
  }
}
const app = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, ts: 1772359200, device: "d1", type: "View", mail: " Jo@Example.com ", user: `u-${id}`, ...extra })
const contract = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event_id: id, occurred_at: "2026-03-01T10:00:00Z", anonymous_id: "d9", event_type: "page_view", ...extra })

const appFiles: Record<string, string> = {
  "web/app/1.ndjson": [
    app("a1"),
    app("a2", { ts: "noon" }),
    app("a3", { type: "Heartbeat" }),
    "[1, 2]",
    "",
    app("a6", { user: "Someone@Example.com" })
  ].join("\n") + "\n",
  "web/app/2.ndjson": [app("b1"), app("a1"), app("b3", { ts: 99999999999999 })].join("\n") + "\n"
}
const contractFiles: Record<string, string> = {
  "web/site/1.ndjson": [contract("c1"), contract("c2", { occurred_at: "2026-13-45T10:00:00Z" }), "  ", contract("c1")].join("\n"),
  "web/site/2.ndjson": [contract("c4", { revenue: "12,5" }), "not json at all"].join("\n") + "\n",
  // no line is a JSON object: not NDJSON, whatever its name says
  "web/site/3.ndjson": "hello\nworld\n"
}

describe("NDJSON batches validated as they are read", () => {
  // Batches skip the raw table; everything else (a preview, a preset that settles across files,
  // a mapping that makes several rows of a line) reads through it. Both must give the same rows.
  it("give every validated row the raw table's path gives it, with a record of its own", async () => {
    const dir = tempDir()
    const decoded = Schema.decodeUnknownSync(Sources)(sources)
    const files = Object.entries(appFiles).map(([relative, content], i) => {
      const path = join(dir, `${i}.ndjson`)
      writeFileSync(path, content)
      const file: InboxFile = { path, relativePath: relative, sourcePath: relative.slice(4), source: "web", format: "ndjson", gzipped: false, bytes: content.length, mtimeMs: 0 }
      return { file, fileId: i + 7 }
    })
    const mapping = mappingFor(decoded, files[0]!.file)
    const params = {
      timezone: "Europe/Berlin",
      min_at: "2000-01-01T00:00:00Z",
      max_at: "2026-06-02T00:00:00Z",
      ...hmacPads(Buffer.from("test-key"))
    }
    const rows = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const db = yield* make({ path: ":memory:", threads: 2, memoryLimit: "1GB" })
      yield* ensureWarehouse(db)
      yield* db.run("set preserve_insertion_order = true")
      yield* db.run(createRawTableSql("web", true))
      yield* readNdjsonBatch(db, "web", files, params, mapping)
      const throughRaw = yield* db.all(`select * from (${validationSql("web")}) order by file_id, row_number`, params)
      yield* db.run(`create temp table validated_web as ${validationSql("web")} limit 0`, params)
      yield* readNdjsonBatch(db, "web", files, params, mapping, {
        into: (select) => `insert into validated_web ${validationSql("web", { relation: `(${select})`, record: batchRecord })}`
      })
      const onRead = yield* db.all("select * from validated_web order by file_id, row_number")
      return { throughRaw, onRead }
    })))
    const withoutRecord = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== "record"))
    expect(rows.onRead.map(withoutRecord)).toEqual(rows.throughRaw.map(withoutRecord))
    // 8 rows: the blank line is none; the two files' lines each a row of their own
    expect(rows.onRead.map((r) => [r["file_id"], Number(r["row_number"]), r["rule"], r["filtered"]])).toEqual([
      [7, 1, null, false],
      [7, 2, "type:occurred_at", false],
      [7, 3, null, true],
      [7, 4, "parse", false],
      [7, 6, null, false],
      [8, 1, null, false],
      [8, 2, null, false],
      [8, 3, "range:occurred_at", false]
    ])
    // file 7, line 1 and file 8, line 2: -(file_id · 2^32 + line)
    expect(rows.onRead.map((r) => String(r["record"]))).toContain(String(-(7n * 4294967296n + 1n)))
    expect(new Set(rows.onRead.map((r) => String(r["record"]))).size).toBe(8)
  })

  it("load what a run through the raw table loads: events, quarantine and every file's counts", async () => {
    const inbox = { ...appFiles, ...contractFiles }
    // a preview (validate --show) reads every file through the raw table
    const onRead = await ingestInbox(inbox, { sources })
    const throughRaw = await ingestInbox(inbox, { sources, preview: 1 })
    expect(onRead.events).toEqual(throughRaw.events)
    expect(onRead.quarantine).toEqual(throughRaw.quarantine)
    expect(onRead.result.files).toEqual(throughRaw.result.files)
    expect(onRead.result.files.map((f) => [f.path, f.status, f.rowsRead, f.accepted, f.quarantined, f.duplicates, f.filtered])).toEqual([
      ["web/site/3.ndjson", "unreadable", 0, 0, 0, 0, 0],
      ["web/app/1.ndjson", "loaded", 5, 2, 2, 0, 1],
      ["web/app/2.ndjson", "loaded", 3, 1, 1, 1, 0],
      ["web/site/1.ndjson", "loaded", 3, 1, 1, 1, 0],
      ["web/site/2.ndjson", "loaded", 2, 0, 2, 0, 0]
    ])
    expect(onRead.events["web"]?.map((e) => e["event_id"])).toEqual(["a1", "a6", "b1", "c1"])
  })

  // A mapping that makes several rows of one line reads through the raw table, where each row
  // is a record of its own: named by its file and line, one row's later copy would take the
  // line's other rows with it.
  it("leave a line's several rows (explode) each its own record", async () => {
    const line = (id: string, other: string) => JSON.stringify({ id, other, at: "2026-03-01T10:00:00Z", q1: 9, q2: 4 })
    const question = (q: string, id: string, type: string) => ({ fields: { event_id: { template: `{${id}}-${q}` }, survey_type: { const: type }, score: q } })
    const { result, events } = await ingestInbox({
      "survey/a.ndjson": line("r1", "x1") + "\n",
      // r1-q1 again (a later copy), x2-q2 new
      "survey/b.ndjson": line("r1", "x2") + "\n"
    }, {
      sources: { survey: { files: [{ match: "*.ndjson", fields: { occurred_at: "at" }, explode: [question("q1", "id", "nps"), question("q2", "other", "csat")] }] } }
    })
    expect(result.files.map((f) => [f.path, f.rowsRead, f.accepted, f.duplicates])).toEqual([
      ["survey/a.ndjson", 2, 2, 0],
      ["survey/b.ndjson", 2, 1, 1]
    ])
    expect(events["survey"]?.map((e) => e["event_id"])).toEqual(["r1-q1", "x1-q2", "x2-q2"])
  })
})
