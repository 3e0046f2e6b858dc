import { describe, expect, it } from "vitest"
import { ingestInbox } from "../support/ingest.ts"

const web = (id: string, at: string | number) =>
  JSON.stringify({ event_id: id, occurred_at: at, anonymous_id: "a", event_type: "page_view" })

// The run starts 2026-06-01T00:00:00Z (tests/support/ingest.ts): instants up to 2026-06-02T00:00:00Z are plausible.
describe("no silent misreads of instants", () => {
  it("quarantines epoch seconds given where the contract expects milliseconds, naming the cause", async () => {
    // 1772359200 read as ms is 1970-01-21
    const { events, quarantine } = await ingestInbox({ "web/a.ndjson": [web("w1", 1772359200), web("w2", 1772359200000)].join("\n") + "\n" })
    expect(events["web"]?.map((r) => r["event_id"])).toEqual(["w2"])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["1", "range:occurred_at"]])
    expect(quarantine[0]?.["message"]).toBe(
      `occurred_at '1772359200' (1970-01-21 12:19:19 UTC) looks like epoch seconds read as milliseconds: map the field with "unit": "s"`
    )
  })

  it("quarantines epoch microseconds read as milliseconds and dates far in the future", async () => {
    const { quarantine } = await ingestInbox({
      "web/a.ndjson": [web("w1", 1772359200123456), web("w2", "2026-12-03 10:00"), web("w3", "2026-06-01 23:30"), web("w4", "1999-12-31T23:59:59Z")].join("\n") + "\n"
    })
    // 16 digits are no plausible epoch milliseconds (the contract reads up to 15): a type error, with the likely unit
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["1", "type:occurred_at"], ["2", "range:occurred_at"], ["4", "range:occurred_at"]])
    expect(quarantine[0]?.["message"]).toContain('its digits look like epoch microseconds: map the field with "unit": "us"')
    expect(quarantine[1]?.["message"]).toContain("is more than a day after the run started: day and month swapped, or a wrong format or time zone?")
    expect(quarantine[2]?.["message"]).toContain("is before ingest.minTimestamp")
  })

  it("names the format of a date and time written as digits (20260301101500), read as epoch milliseconds", async () => {
    const { quarantine } = await ingestInbox({ "web/a.ndjson": [web("w1", "20260301101500"), web("w2", "202603011015")].join("\n") + "\n" })
    expect(quarantine.map((q) => [q["row_number"], q["rule"], q["message"]])).toEqual([
      ["1", "range:occurred_at", `occurred_at '20260301101500' (2612-01-10 05:25:01 UTC) looks like a date and time written as digits: map the field with "format": "%Y%m%d%H%M%S"`],
      ["2", "range:occurred_at", `occurred_at '202603011015' (1976-06-02 22:36:51 UTC) looks like a date and time written as digits: map the field with "format": "%Y%m%d%H%M"`]
    ])
  })

  it("takes ingest.minTimestamp from the configuration", async () => {
    const { quarantine } = await ingestInbox({ "web/a.ndjson": web("w1", "2019-05-01T10:00:00Z") + "\n" }, { minTimestamp: "2020-01-01" })
    expect(quarantine.map((q) => q["rule"])).toEqual(["range:occurred_at"])
  })

  it("lets a delivery promise lie in the future", async () => {
    const line = JSON.stringify({ event_id: "d1", occurred_at: "2026-05-31T10:00:00Z", order_id: "o1", event_type: "ordered", promised_at: "2026-06-10T10:00:00Z" })
    const { events, quarantine } = await ingestInbox({ "delivery/a.ndjson": line + "\n" })
    expect(quarantine).toEqual([])
    expect(events["delivery"]).toHaveLength(1)
  })
})
