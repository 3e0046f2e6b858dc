/**
 * `validate --show`: each shown row's outcome (src/cli/render.ts previewText), as the counts
 * above it say: a valid row that repeats an event id is a duplicate, not ok.
 */
import { describe, expect, it } from "vitest"
import { previewText } from "../../src/cli/render.ts"
import { ingestInbox } from "../support/ingest.ts"

describe("validate --show", () => {
  it("labels each row ok, duplicate or its rule, as the counts count it", async () => {
    const csv = [
      "event_id,occurred_at,platform,rating,text",
      "r1,2026-03-01T10:00:00Z,google,5,first",
      "r1,2026-03-01T10:00:00Z,google,1,the same id again",
      "r2,2026-03-01T11:00:00Z,google,9,out of range",
      "r3,2026-03-01T12:00:00Z,google,4,fine",
      ""
    ].join("\n")
    const { result } = await ingestInbox({ "review/r.csv": csv }, { preview: 10 })
    expect(result.files[0]).toMatchObject({ rowsRead: 4, accepted: 2, quarantined: 1, duplicates: 1 })
    const [preview] = result.previews
    expect(preview).toBeDefined()
    const outcomes = previewText(preview!).split("\n").filter((l) => l.trim().startsWith("row ")).map((l) => l.trim())
    expect(outcomes).toEqual([
      "row 2 (ok)",
      "row 3 (duplicate)",
      "row 4 (range:rating: rating 9 is outside 1-5)",
      "row 5 (ok)"
    ])
  })
})
