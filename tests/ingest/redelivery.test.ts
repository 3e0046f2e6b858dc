import { copyFileSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { readTable, runOnce, workspace } from "../support/pipeline.ts"

describe("re-delivered files and duplicate events", () => {
  it("skips a file whose content was already loaded and counts re-sent event ids as duplicates", async () => {
    const ws = workspace("formats")
    const first = await runOnce(ws)
    expect(first.sources.web.accepted).toBe(3)
    copyFileSync(join(ws.inbox, "web", "day1.ndjson"), join(ws.inbox, "web", "day1-again.ndjson"))
    writeFileSync(
      join(ws.inbox, "web", "day3.ndjson"),
      '{"event_id":"w1","occurred_at":"2026-03-01T10:00:00Z","anonymous_id":"a1","event_type":"page_view"}\n' +
        '{"event_id":"w4","occurred_at":"2026-03-03T10:00:00Z","anonymous_id":"a1","event_type":"page_view"}\n'
    )
    const second = await runOnce(ws)
    const again = second.files.find((f) => f.path === "web/day1-again.ndjson")
    expect(again?.status).toBe("skipped")
    expect(again?.message).toBe("same content as web/day1.ndjson, already loaded")
    expect(second.files.find((f) => f.path === "web/day3.ndjson")).toMatchObject({ rowsRead: 2, accepted: 1, duplicates: 1, quarantined: 0 })
    // Files loaded by the first run are not read again.
    expect(second.files.filter((f) => f.status === "loaded").map((f) => f.path)).toEqual(["web/day3.ndjson"])
    const web = await readTable(ws.out, "events_web", "event_id")
    expect(web.map((r) => r["event_id"])).toEqual(["w1", "w2", "w3", "w4"])
    // The kept copy of w1 is the first one loaded.
    expect(web[0]?.["run_id"]).toBe(first.run_id)
  })

  it("keeps the first copy, by file path and line, of an event id sent twice in one run", async () => {
    const ws = workspace()
    const { mkdirSync } = await import("node:fs")
    mkdirSync(join(ws.inbox, "review"), { recursive: true })
    writeFileSync(join(ws.inbox, "review", "a.ndjson"), '{"event_id":"r1","occurred_at":"2026-03-01T10:00:00Z","platform":"google","rating":4}\n')
    writeFileSync(join(ws.inbox, "review", "b.ndjson"), '{"event_id":"r1","occurred_at":"2026-03-01T10:00:00Z","platform":"google","rating":1}\n')
    const run = await runOnce(ws)
    expect(run.sources.review).toEqual({ read: 2, accepted: 1, quarantined: 0, duplicates: 1, filtered: 0, suppressed: 0 })
    const reviews = await readTable(ws.out, "events_review")
    expect(reviews.map((r) => r["rating"])).toEqual([4])
  })

  it("keeps the first valid copy when an id repeats within a file and across files, a quarantined copy not counting", async () => {
    const ws = workspace()
    const { mkdirSync } = await import("node:fs")
    mkdirSync(join(ws.inbox, "review"), { recursive: true })
    const review = (id: string, rating: number) => `{"event_id":"${id}","occurred_at":"2026-03-01T10:00:00Z","platform":"google","rating":${rating}}\n`
    writeFileSync(join(ws.inbox, "review", "a.ndjson"), review("r1", 9) + review("r1", 2) + review("r1", 3))
    writeFileSync(join(ws.inbox, "review", "b.ndjson"), review("r1", 1) + review("r2", 5))
    const run = await runOnce(ws, { quarantine: { maxShare: 0.5 } })
    expect(run.sources.review).toEqual({ read: 5, accepted: 2, quarantined: 1, duplicates: 2, filtered: 0, suppressed: 0 })
    const reviews = await readTable(ws.out, "events_review", "event_id")
    expect(reviews.map((r) => [r["event_id"], r["rating"], r["row_number"]])).toEqual([["r1", 2, "2"], ["r2", 5, "2"]])
  })

  it("does not hash a loaded file again while its path, size and modification time stay the same", async () => {
    const ws = workspace("formats")
    const day1 = join(ws.inbox, "web", "day1.ndjson")
    // a whole second, so putting the time back below restores it exactly
    const time = 1_772_000_000
    utimesSync(day1, time, time)
    await runOnce(ws)
    const second = await runOnce(ws)
    expect(second.files.find((f) => f.path === "web/day1.ndjson")).toMatchObject({
      status: "skipped", message: "already loaded (same path, size and modification time)"
    })
    // Rewritten in place with new content of the same size, but with its old time put back (as
    // `cp -p` over it would): taken for the loaded file, until a full refresh hashes every file.
    writeFileSync(day1, '{"event_id":"w9","occurred_at":"2026-03-01T10:00:00Z","anonymous_id":"a9","event_type":"page_view"}\n'.padEnd(statSync(day1).size, " "))
    utimesSync(day1, time, time)
    const third = await runOnce(ws)
    expect(third.files.find((f) => f.path === "web/day1.ndjson")?.status).toBe("skipped")
    const full = await runOnce(ws, {}, "test-key", true)
    expect(full.files.find((f) => f.path === "web/day1.ndjson")).toMatchObject({ status: "loaded", accepted: 1 })
  })
})
