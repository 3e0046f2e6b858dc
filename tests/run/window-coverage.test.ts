/**
 * A run whose window (--since/--until) holds none of the warehouse's events says so in a note
 * (src/run/window-coverage.ts); one that holds some, or has no window, does not.
 */
import { describe, expect, it } from "vitest"
import { deliverLines, runOnce, runWindowed, webLine, workspace } from "../support/pipeline.ts"

const windowNote = (notes: ReadonlyArray<string>) => notes.filter((n) => n.startsWith("the window"))

describe("a window that misses the data", () => {
  it("is noted with the business dates the events have; a window that holds one, or none at all, is not", async () => {
    const ws = workspace()
    // 23:30 UTC on 5 March is 00:30 on 6 March in Berlin, the default business time zone
    deliverLines(ws, "day", [webLine("e1", "2026-03-02T09:00:00Z", "a1"), webLine("e2", "2026-03-05T23:30:00Z", "a2")])
    const missed = await runWindowed(ws, { since: "2026-03-03", until: "2026-03-05" })
    expect(windowNote(missed.notes)).toEqual([
      "the window (2026-03-03 to 2026-03-05) holds no event (the warehouse's events are from 2026-03-02 to 2026-03-06): " +
        "the tables by date publish no rows, those by week or month only the periods that overlap it"
    ])
    expect(windowNote((await runWindowed(ws, { since: "2026-03-06", until: null })).notes)).toEqual([])
    expect(windowNote((await runWindowed(ws, { since: null, until: "2026-03-02" })).notes)).toEqual([])
    expect(windowNote((await runOnce(ws)).notes)).toEqual([])
  })
})
