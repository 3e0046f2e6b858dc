import { describe, expect, it } from "vitest"
import { healthFindings, type RunRow, type SourceFreshness } from "../../src/run/run-history.ts"

const run = (outcome: string, error: string | null = null): RunRow => ({
  run_id: "r2", trigger: "schedule", started_at: "2026-03-02T04:30:00Z", finished_at: "2026-03-02T04:31:00Z",
  outcome, error, seconds: 60, rows_accepted: 10, rows_quarantined: 0
})
const fresh = (latest: string | null): ReadonlyArray<SourceFreshness> => [
  { source: "web", latest_event_at: latest, latest_file: "web/a.ndjson", latest_file_at: latest },
  { source: "store", latest_event_at: null, latest_file: null, latest_file_at: null }
]
const now = new Date("2026-03-02T12:00:00Z")

describe("status health", () => {
  it("is healthy when the last run succeeded and the newest event is within the limit", () => {
    expect(healthFindings([run("success")], fresh("2026-03-01T23:00:00Z"), now, 36, true)).toEqual({ problems: [], notes: [] })
  })

  it("alarms when the last run failed, naming its error", () => {
    expect(healthFindings([run("failed", "disk full\nmore")], fresh("2026-03-01T23:00:00Z"), now, 36, true).problems)
      .toEqual(["the last run r2 ended 'failed': disk full"])
  })

  it("alarms when the newest event of a scheduled warehouse is older than the limit, or there is none", () => {
    expect(healthFindings([run("success")], fresh("2026-02-28T00:00:00Z"), now, 36, true))
      .toEqual({ problems: ["the newest event (2026-02-28T00:00:00Z) is 60.0 hours old, more than schedule.maxDataAgeHours = 36"], notes: [] })
    expect(healthFindings([], fresh(null), now, 36, false).problems).toEqual(["no run has been recorded yet", "the warehouse holds no events"])
  })

  it("only notes old data on a warehouse no schedule feeds (a sample, a load by hand)", () => {
    expect(healthFindings([run("success")], fresh("2026-02-28T00:00:00Z"), now, 36, false)).toEqual({
      problems: [],
      notes: ["the data is old: the newest event (2026-02-28T00:00:00Z) is 60.0 hours old, more than schedule.maxDataAgeHours = 36 (no scheduled run has fed this warehouse, so this is not a problem)"]
    })
  })
})
