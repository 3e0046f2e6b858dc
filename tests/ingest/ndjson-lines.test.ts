import { gzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { ingestInbox } from "../support/ingest.ts"

const web = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ event_id: id, occurred_at: "2026-03-01T10:00:00Z", anonymous_id: "d1", event_type: "page_view", ...extra })

describe("NDJSON line numbers", () => {
  // Files of a source are read in one scan (lines numbered by their place in it), a lone file
  // on its own: every row keeps its exact line, and a rejected row its own text.
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
})
