import { beforeAll, describe, expect, it } from "vitest"
import type { RunSummary } from "../../pipelines/run.ts"
import { queryWarehouse, readTable, runOnce, workspace, type Workspace } from "../support/pipeline.ts"

let ws: Workspace
let summary: RunSummary

beforeAll(async () => {
  ws = workspace("bad-rows")
  summary = await runOnce(ws, { quarantine: { maxShare: 1 } })
})

describe("quarantine of rows that break the contract", () => {
  it("counts each file's rows as accepted, quarantined or duplicate", () => {
    // web/bad.ndjson: 11 lines, one blank (not a row) → 10 rows; b1 accepted, its second copy a duplicate, 8 broken.
    expect(summary.sources.web).toEqual({ read: 10, accepted: 1, quarantined: 8, duplicates: 1, filtered: 0, suppressed: 0 })
    // survey/bad.csv: 9 records; v1 and v4 are valid.
    expect(summary.sources.survey).toEqual({ read: 9, accepted: 2, quarantined: 7, duplicates: 0, filtered: 0, suppressed: 0 })
  })

  it("names the file, the line and the rule of every rejected NDJSON row", async () => {
    const rows = await readTable(ws.out, "quarantine", "file, row_number")
    const web = rows.filter((r) => r["source"] === "web").map((r) => [r["row_number"], r["rule"]])
    expect(web).toEqual([
      ["3", "required:anonymous_id"],
      ["4", "type:occurred_at"],
      ["5", "purchase_needs_order"],
      ["6", "purchase_needs_order"],
      ["7", "parse"],
      ["8", "parse"],
      ["9", "required:event_id"],
      ["11", "type:revenue"]
    ])
    expect(rows.every((r) => r["file"] === "web/bad.ndjson" || r["file"] === "survey/bad.csv")).toBe(true)
  })

  it("checks score ranges per survey type and reports CSV lines by their line number", async () => {
    const rows = await readTable(ws.out, "quarantine", "file, row_number")
    const survey = rows.filter((r) => r["source"] === "survey").map((r) => [r["row_number"], r["rule"]])
    // Header is line 1, so v2 is on line 3.
    expect(survey).toEqual([
      ["3", "range:score"],
      ["4", "score_range"],
      ["6", "score_range"],
      ["7", "enum:survey_type"],
      ["8", "required:score"],
      ["9", "parse"],
      ["10", "type:score"]
    ])
  })

  it("gives every rejected row a message a person can act on", async () => {
    const rows = await readTable(ws.out, "quarantine", "file, row_number")
    const message = (file: string, line: string) => rows.find((r) => r["file"] === file && r["row_number"] === line)?.["message"]
    expect(message("web/bad.ndjson", "4")).toBe("occurred_at 'last tuesday' is not an ISO-8601 timestamp or epoch milliseconds")
    expect(message("web/bad.ndjson", "8")).toBe("line is not a JSON object")
    expect(message("survey/bad.csv", "7")).toBe("survey_type 'star' is not one of nps, csat, ces")
    // the score and its survey type, so the answer and its scale can be found
    expect(message("survey/bad.csv", "4")).toBe("score 0 for csat: score out of range for its survey_type (nps 0-10, csat 1-5, ces 1-7)")
  })

  it("hints at the likely cause of a label where a number belongs, and of a day-first date", async () => {
    const { ingestInbox } = await import("../support/ingest.ts")
    const { quarantine } = await ingestInbox({
      "survey/labels.csv": "event_id,occurred_at,survey_type,score\ns1,2026-03-01T10:00:00Z,csat,Extremely satisfied\ns2,01.03.2026 10:02,nps,9\n"
    })
    expect(quarantine.map((q) => [q["row_number"], q["rule"], q["message"]])).toEqual([
      ["2", "type:score", `score 'Extremely satisfied' is not a whole number; a label where a number belongs (a survey exported as choice text? export numeric values, or map the labels with "values")`],
      ["3", "type:occurred_at", `occurred_at '01.03.2026 10:02' is not an ISO-8601 timestamp or epoch milliseconds; a day-first date: map the field with a "format" such as "%d.%m.%Y %H:%M" and its "timezone"`]
    ])
  })

  it("masks e-mail addresses in the raw content it keeps", async () => {
    const rows = await readTable(ws.out, "quarantine", "file, row_number")
    const raw = rows.map((r) => String(r["raw"])).join("\n")
    expect(raw).not.toMatch(/leak@example\.com|leak2@example\.com|extra@example\.com/)
    expect(rows.find((r) => r["row_number"] === "4" && r["source"] === "web")?.["raw"]).toContain('"email":"***"')
  })

  it("loads the valid rows of a file that also has broken ones", async () => {
    const web = await readTable(ws.out, "events_web", "event_id")
    expect(web.map((r) => [r["event_id"], r["anonymous_id"]])).toEqual([["b1", "a1"]])
    const survey = await readTable(ws.out, "events_survey", "event_id")
    expect(survey.map((r) => [r["event_id"], r["score"]])).toEqual([["v1", 0], ["v4", 7]])
  })

  it("stops before publishing when a source's quarantined share exceeds the limit, keeping the quarantine", async () => {
    const strict = workspace("bad-rows")
    const failure = await import("../support/pipeline.ts").then((m) => m.runExpectingFailure(strict))
    expect(failure._tag).toBe("QuarantineLimitExceeded")
    // web has the larger share: 8 of 10 rows.
    expect(failure.message).toContain("8 of 10 rows read from source 'web' were quarantined (80.0 %, limit 5.0 %)")
    const { existsSync } = await import("node:fs")
    expect(existsSync(strict.out)).toBe(false)
    const kept = await queryWarehouse(strict.warehouse, "select count(*)::integer as n from quarantine")
    expect(kept[0]?.["n"]).toBe(15)
    const loaded = await queryWarehouse(strict.warehouse, "select count(*)::integer as n from events_web")
    expect(loaded[0]?.["n"]).toBe(0)
    const runs = await queryWarehouse(strict.warehouse, "select outcome from runs")
    expect(runs).toEqual([{ outcome: "quarantine_limit" }])
  })
})

describe("NDJSON files read together", () => {
  it("finds broken JSON in one of several files and still numbers every line exactly", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs")
    const { join } = await import("node:path")
    const many = workspace()
    mkdirSync(join(many.inbox, "web"), { recursive: true })
    const ok = (id: string) => `{"event_id":"${id}","occurred_at":"2026-03-01T10:00:00Z","anonymous_id":"a","event_type":"page_view"}`
    writeFileSync(join(many.inbox, "web", "a.ndjson"), `${ok("a1")}\n${ok("a2")}\nnot json\n`)
    // Starts like an object but is not JSON: the one-scan read fails and the files are read one by one.
    writeFileSync(join(many.inbox, "web", "b.ndjson"), `${ok("b1")}\n\n{"event_id": "b2", oops}\n${ok("b3")}\n`)
    const run = await runOnce(many, { quarantine: { maxShare: 1 } })
    expect(run.sources.web).toEqual({ read: 6, accepted: 4, quarantined: 2, duplicates: 0, filtered: 0, suppressed: 0 })
    const rows = await readTable(many.out, "quarantine", "file, row_number")
    expect(rows.map((r) => [r["file"], r["row_number"], r["message"]])).toEqual([
      ["web/a.ndjson", "3", "line is not valid JSON"],
      ["web/b.ndjson", "3", "line is not valid JSON"]
    ])
    const events = await readTable(many.out, "events_web", "event_id")
    expect(events.map((r) => [r["event_id"], r["row_number"]])).toEqual([["a1", "1"], ["a2", "2"], ["b1", "1"], ["b3", "4"]])
  })
})
