import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { make } from "../../src/duckdb/duckdb.ts"
import type { InboxFile } from "../../src/ingest/discover.ts"
import { ensureWarehouse } from "../../src/ingest/ingest.ts"
import { readNdjsonBatch, scansOf } from "../../src/ingest/read-ndjson.ts"
import { createRawTableSql } from "../../src/ingest/source-columns.ts"
import { ingestInbox } from "../support/ingest.ts"
import { tempDir } from "../support/temp.ts"

const web = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event_id: id, occurred_at: "2026-03-01T10:00:00Z", anonymous_id: "d1", event_type: "page_view", ...extra })

describe("NDJSON line numbers", () => {
  // Files of a source are read in scans (lines numbered by their place in one), a lone file on
  // its own: every row keeps its exact line, and a rejected row its own text.
  it("are exact in plain and gzipped files read together, with a BOM, blank lines and no final line feed", async () => {
    const a = "\uFEFF" + [web("a1"), "", web("a3", { occurred_at: "yesterday" }), web("a4")].join("\n")
    const b = [web("b1"), "  ", "", web("b4")].join("\n") + "\n"
    const c = gzipSync(Buffer.from([web("c1"), "", web("c3", { occurred_at: "yesterday" })].join("\n") + "\n"))
    const d = gzipSync(Buffer.from([web("d1"), web("d2")].join("\n") + "\n"))
    const { result, events, quarantine } = await ingestInbox({ "web/a.ndjson": a, "web/b.ndjson": b, "web/c.ndjson.gz": c, "web/d.ndjson.gz": d })
    expect(events["web"]?.map((e) => [e["file"], e["event_id"], e["row_number"]])).toEqual([
      ["web/a.ndjson", "a1", "1"],
      ["web/a.ndjson", "a4", "4"],
      ["web/b.ndjson", "b1", "1"],
      ["web/b.ndjson", "b4", "4"],
      ["web/c.ndjson.gz", "c1", "1"],
      ["web/d.ndjson.gz", "d1", "1"],
      ["web/d.ndjson.gz", "d2", "2"]
    ])
    expect(quarantine.map((q) => [q["file"], q["row_number"], q["rule"], q["raw"]])).toEqual([
      ["web/a.ndjson", "3", "type:occurred_at", web("a3", { occurred_at: "yesterday" })],
      ["web/c.ndjson.gz", "3", "type:occurred_at", web("c3", { occurred_at: "yesterday" })]
    ])
    expect(result.files.map((f) => [f.path, f.rowsRead])).toEqual([
      ["web/a.ndjson", 3],
      ["web/b.ndjson", 2],
      ["web/c.ndjson.gz", 2],
      ["web/d.ndjson.gz", 2]
    ])
  })

  it("are the same whether a source's files are read in one scan or in several", async () => {
    const dir = tempDir()
    const contents = [[web("a1"), "", web("a3")], [web("b1")], ["", "", web("c3"), web("c4")]]
    const files = contents.map((lines, i) => {
      const path = join(dir, `${i}.ndjson`)
      writeFileSync(path, lines.join("\n") + "\n")
      const file: InboxFile = { path, relativePath: `web/${i}.ndjson`, sourcePath: `${i}.ndjson`, source: "web", format: "ndjson", gzipped: false, bytes: 100, mtimeMs: 0 }
      return { file, fileId: i + 1 }
    })
    const read = (limit: number) =>
      Effect.runPromise(Effect.scoped(Effect.gen(function*() {
        const db = yield* make({ path: ":memory:", threads: 2, memoryLimit: "1GB" })
        yield* ensureWarehouse(db)
        yield* db.run("set preserve_insertion_order = true")
        yield* db.run(createRawTableSql("web", true))
        yield* readNdjsonBatch(db, "web", files, {}, null, { scanLimit: limit })
        return yield* db.all("select file_id, row_number::integer as row_number, event_id from raw_web order by file_id, row_number")
      })))
    expect(scansOf(files, 250).map((scan) => scan.map((f) => f.fileId))).toEqual([[1, 2], [3]])
    expect(scansOf(files, 1).map((scan) => scan.map((f) => f.fileId))).toEqual([[1], [2], [3]])
    const expected = [[1, 1, "a1"], [1, 3, "a3"], [2, 1, "b1"], [3, 3, "c3"], [3, 4, "c4"]]
    for (const limit of [1_000_000, 250, 1]) {
      expect((await read(limit)).map((r) => [r["file_id"], r["row_number"], r["event_id"]])).toEqual(expected)
    }
  })
})
