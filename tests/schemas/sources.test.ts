import { Effect, Schema } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { sourceColumns, sourceNames, sources } from "../../schemas/sources.ts"
import { createEventsTableSql } from "../../src/ingest/source-columns.ts"
import { runOnce, workspace } from "../support/pipeline.ts"

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

  it("decode a valid event and reject one that breaks a row rule", () => {
    const decode = Schema.decodeUnknownEither(sources.survey.schema)
    expect(decode({ event_id: "q", occurred_at: "2026-01-01T00:00:00Z", survey_type: "csat", score: 5 })._tag).toBe("Right")
    expect(decode({ event_id: "q", occurred_at: "2026-01-01T00:00:00Z", survey_type: "csat", score: 9 })._tag).toBe("Left")
    expect(decode({ event_id: "q", occurred_at: 1767225600000, survey_type: "nps", score: "9" })._tag).toBe("Right")
    const web = Schema.decodeUnknownEither(sources.web.schema)
    expect(web({ event_id: "w", occurred_at: "2026-01-01", anonymous_id: "a", event_type: "purchase", order_id: "o", revenue: 0 })._tag).toBe("Right")
    expect(web({ event_id: "w", occurred_at: "2026-01-01", anonymous_id: "a", event_type: "purchase" })._tag).toBe("Left")
    expect(web({ event_id: "w", occurred_at: "soon", anonymous_id: "a", event_type: "x" })._tag).toBe("Left")
  })

  it("agree with the SQL validator on which rows are valid", async () => {
    // The same candidate rows go through the Effect Schema and through ingest; both must accept the same ones.
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
    const decode = Schema.decodeUnknownEither(sources.survey.schema)
    const bySchema = candidates.filter((c) => decode(c)._tag === "Right").map((c) => c["event_id"])
    const ws = workspace()
    mkdirSync(join(ws.inbox, "survey"), { recursive: true })
    writeFileSync(join(ws.inbox, "survey", "c.ndjson"), candidates.map((c) => JSON.stringify(c)).join("\n") + "\n")
    const summary = await runOnce(ws, { quarantine: { maxShare: 1 } })
    expect(summary.sources.survey.accepted).toBe(bySchema.length)
    expect(bySchema).toEqual(["1", "2", "3", "10"])
  })
})
