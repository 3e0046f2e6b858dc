import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { beforeAll, describe, expect, it } from "vitest"
import type { RunSummary } from "../../pipelines/run.ts"
import { readTable, runOnce, workspace, type Workspace } from "../support/pipeline.ts"

let ws: Workspace
let summary: RunSummary

beforeAll(async () => {
  ws = workspace("bad-files")
  // A gzip cut in the middle, as when a copy is still running.
  const full = gzipSync(Buffer.from("event_id,occurred_at,store_id,event_type\n" + "x,2026-03-01T10:00:00Z,S01,visit\n".repeat(2000)))
  writeFileSync(join(ws.inbox, "store", "truncated.csv.gz"), full.subarray(0, Math.floor(full.length / 2)))
  // named .gz but not gzip from its first byte: the check fails at once (it used to wait forever)
  writeFileSync(join(ws.inbox, "store", "not-gzip.csv.gz"), "not gzip at all")
  summary = await runOnce(ws)
})

const file = (path: string) => summary.files.find((f) => f.path === path)

describe("files that cannot be read", () => {
  it("reports a truncated gzip and goes on", () => {
    expect(file("store/truncated.csv.gz")?.status).toBe("unreadable")
    expect(file("store/truncated.csv.gz")?.message).toBe("is a damaged or truncated gzip file (unexpected end of file); nothing of it was loaded")
    expect(file("store/not-gzip.csv.gz")?.status).toBe("unreadable")
    expect(file("store/not-gzip.csv.gz")?.message).toBe("is a damaged or truncated gzip file (incorrect header check); nothing of it was loaded")
  })

  it("reports a CSV without a required column, naming it", () => {
    expect(file("store/no-store-id.csv")?.status).toBe("unreadable")
    expect(file("store/no-store-id.csv")?.message).toMatch(/^missing required column store_id/)
  })

  it("reports a file that is not the format its name says", () => {
    expect(file("delivery/not-really.parquet")?.status).toBe("unreadable")
    expect(file("delivery/not-really.parquet")?.message).toMatch(/cannot be read as Parquet/)
    expect(file("support/csv-in-disguise.ndjson")?.status).toBe("unreadable")
    expect(file("support/csv-in-disguise.ndjson")?.message).toBe("is not NDJSON: none of its 2 lines is a JSON object")
    expect(file("review/empty.csv")?.message).toBe("is empty: a CSV file needs a header row")
  })

  it("lists a file with an extension outside the contract without reading it", () => {
    expect(file("support/notes.txt")?.status).toBe("unsupported")
  })

  it("lists a file beside the source folders, and a source folder written in capitals, saying what to do", async () => {
    const { ingestInbox } = await import("../support/ingest.ts")
    const line = JSON.stringify({ event_id: "w1", occurred_at: "2026-03-01T10:00:00Z", anonymous_id: "a", event_type: "page_view" })
    const { result } = await ingestInbox({ "loose.ndjson": line, "Web/w.ndjson": line, "web/ok.ndjson": line })
    expect(result.files.map((f) => [f.path, f.status, f.message]).sort()).toEqual([
      ["Web/", "unsupported", "not a source folder: folder names are case-sensitive, rename it to web/"],
      ["loose.ndjson", "unsupported", "is in no source folder: put it under web/, store/, survey/, support/, delivery/ or review/ (if --inbox names a source folder, such as …/web, give the folder above it)"],
      ["web/ok.ndjson", "loaded", null]
    ])
  })

  it("loads the readable files of the same run", async () => {
    expect(file("store/good.csv")).toMatchObject({ status: "loaded", rowsRead: 1, accepted: 1 })
    const store = await readTable(ws.out, "events_store", "event_id")
    expect(store.map((r) => r["event_id"])).toEqual(["g1"])
    expect(readFileSync(join(ws.out, "_manifest.json"), "utf8")).toContain("truncated.csv.gz")
  })
})
