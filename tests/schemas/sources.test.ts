import { describe, expect, it } from "vitest"
import { sourceColumns, sourceNames } from "../../schemas/sources.ts"
import { createEventsTableSql } from "../../src/ingest/source-columns.ts"
import { ingestInbox } from "../support/ingest.ts"

describe("source schemas", () => {
  it("carry a column spec on every field, in contract order", () => {
    expect(sourceColumns("web").slice(0, 4).map((c) => [c.name, c.required])).toEqual([
      ["event_id", true], ["occurred_at", true], ["anonymous_id", true], ["event_type", true]
    ])
    for (const s of sourceNames) expect(sourceColumns(s).length).toBeGreaterThan(4)
  })

  it("derive the staging table: typed columns, pseudonymised identifiers renamed", () => {
    const ddl = createEventsTableSql("store")
    expect(ddl).toContain("occurred_at timestamptz not null")
    expect(ddl).toContain("revenue decimal(18, 4)")
    expect(ddl).toContain("phone_hash varchar")
    expect(ddl).not.toMatch(/\bphone varchar/)
  })

  it("their row rules and field kinds are what ingest's validation checks, row by row", async () => {
    // worked out by hand from the survey source's definition: a score is a whole number from 0 to
    // 10 (range:score, type:score), and within its survey_type's range (score_range: csat 1–5,
    // ces 1–7); instants ISO-8601 or epoch milliseconds; survey_type one of three, required
    const candidates: Array<Record<string, unknown>> = [
      { event_id: "1", occurred_at: "2026-01-01T10:00:00Z", survey_type: "nps", score: 10 },
      { event_id: "2", occurred_at: "2026-01-01T10:00:00+02:00", survey_type: "csat", score: 1 },
      { event_id: "3", occurred_at: "2026-01-01 10:00", survey_type: "ces", score: 7 },
      { event_id: "4", occurred_at: 1767225600000, survey_type: "ces", score: 0 },
      { event_id: "5", occurred_at: "2026-01-01", survey_type: "nps", score: -1 },
      { event_id: "6", occurred_at: "2026-01-01", survey_type: "nps", score: 6.5 },
      { event_id: "7", occurred_at: "01/02/2026", survey_type: "nps", score: 6 },
      { event_id: "8", occurred_at: "2026-01-01", survey_type: "NPS", score: 6 },
      { event_id: "9", occurred_at: "2026-01-01", score: 6 },
      { event_id: "10", occurred_at: "2026-01-01", survey_type: "csat", score: "4" }
    ]
    const run = await ingestInbox({ "survey/c.ndjson": candidates.map((c) => JSON.stringify(c)).join("\n") + "\n" })
    expect((run.events["survey"] ?? []).map((e) => e["event_id"])).toEqual(["1", "2", "3", "10"])
    expect(run.quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([
      ["4", "score_range"], ["5", "range:score"], ["6", "type:score"], ["7", "type:occurred_at"], ["8", "enum:survey_type"],
      ["9", "required:survey_type"]
    ])
  })
})
