import { describe, expect, it } from "vitest"
import { deliverLines, readTable, runOnce, webLine, workspace } from "../support/pipeline.ts"

describe("instants with an offset after a space", () => {
  it("reads them as the offset says (Snowflake's text: '… +0000'), as without the space", async () => {
    const ws = workspace()
    deliverLines(ws, "web", [
      webLine("w1", "2026-03-01 10:00:00.000 +0000", "a1"),
      webLine("w2", "2026-03-01 03:00:00 -0800", "a1"),
      webLine("w3", "2026-03-01T12:00:00 Z", "a1"),
      webLine("w4", "2026-03-01 14:00:00 +01:00", "a1")
    ])
    const run = await runOnce(ws)
    expect(run.files[0]).toMatchObject({ accepted: 4, quarantined: 0 })
    const web = await readTable(ws.out, "events_web", "event_id")
    expect(web.map((r) => [r["event_id"], r["occurred_at"]])).toEqual([
      ["w1", "2026-03-01 10:00:00+00"],
      ["w2", "2026-03-01 11:00:00+00"],
      ["w3", "2026-03-01 12:00:00+00"],
      ["w4", "2026-03-01 13:00:00+00"]
    ])
  })
})
