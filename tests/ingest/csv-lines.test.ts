import { describe, expect, it } from "vitest"
import { ingestInbox } from "../support/ingest.ts"

const header = "event_id,occurred_at,platform,rating,text"

describe("CSV line ends and row numbers", () => {
  it("loads every row of an LF file whose quoted fields hold CR LF, each numbered by its first line", async () => {
    // Windows tools write CR LF inside quoted review texts of an otherwise LF file.
    const csv = `${header}\nr1,2026-03-01T10:00:00Z,google,5,"Great\r\nshop"\nr2,2026-03-01T11:00:00Z,google,9,plain\nr3,2026-03-01T12:00:00Z,google,4,"a\r\nb\r\nc"\nr4,2026-03-01T13:00:00Z,google,3,x\n`
    const { result, events, quarantine } = await ingestInbox({ "review/w.csv": csv })
    expect(result.files[0]).toMatchObject({ status: "loaded", rowsRead: 4, accepted: 3, quarantined: 1 })
    // lines: 1 header, 2–3 r1, 4 r2, 5–7 r3, 8 r4
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"], r["text"]])).toEqual([
      ["r1", "2", "Great\nshop"],
      ["r3", "5", "a\nb\nc"],
      ["r4", "8", "x"]
    ])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["4", "range:rating"]])
  })

  it("reads a UTF-8 file with a byte-order mark: the first column keeps its name", async () => {
    const csv = `\uFEFF${header}\r\nr1,2026-03-01T10:00:00Z,google,5,Grüße\r\n`
    const { events } = await ingestInbox({ "review/bom.csv": csv })
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"], r["text"]])).toEqual([["r1", "2", "Grüße"]])
  })

  it("reads CR-only line ends (old Mac exports) with their line numbers", async () => {
    const csv = `${header}\rr1,2026-03-01T10:00:00Z,google,5,"two\rlines"\rr2,2026-03-01T11:00:00Z,google,4,one\r`
    const { events } = await ingestInbox({ "review/mac.csv": csv })
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"], r["text"]])).toEqual([
      ["r1", "2", "two\nlines"],
      ["r2", "4", "one"]
    ])
  })

  it("numbers rows by their lines also when an unquoted cell holds a quote (12\" pizza) before a multi-line quoted cell", async () => {
    // the quote in r1's text is text (a quote opens a cell only at its start), so quotes do not
    // pair up line by line; the bad row is on line 6
    const csv = [
      header,
      'r1,2026-03-01T10:00:00Z,google,5,Pizza 12" Salami',
      'r2,2026-03-01T11:00:00Z,google,4,"Bier',
      'ohne ""Schaum"""',
      "r3,2026-03-01T12:00:00Z,google,3,Wein",
      "r4,2026-03-01T13:00:00Z,google,x,Cola",
      'r5,2026-03-01T14:00:00Z,google,2,"Eis, ""Vanille"""',
      "r6,2026-03-01T15:00:00Z,google,1,Tee",
      ""
    ].join("\n")
    const { result, events, quarantine } = await ingestInbox({ "review/q.csv": csv })
    expect(result.files[0]).toMatchObject({ status: "loaded", rowsRead: 6, accepted: 5, quarantined: 1 })
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"], r["text"]])).toEqual([
      ["r1", "2", 'Pizza 12" Salami'],
      ["r2", "3", 'Bier\nohne "Schaum"'],
      ["r3", "5", "Wein"],
      ["r5", "7", 'Eis, "Vanille"'],
      ["r6", "8", "Tee"]
    ])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["6", "type:rating"]])
  })

  it("numbers rows exactly when a stray quote balances a multi-line cell's, and when a quote follows spaces", async () => {
    // Counting quotes, lines 2, 3 and 5 start records: as many as there are, but r2 starts on
    // line 4 (line 2's first quote is text, its second opens a cell closed on line 3). After
    // spaces a quote is text to DuckDB too, so r4's line has a cell too many.
    const csv = [
      header,
      'r1,2026-03-01T10:00:00Z,goo"gle,5,"two',
      'lines"',
      'r2,2026-03-01T11:00:00Z,google,4,13" calzone',
      "r3,2026-03-01T12:00:00Z,google,x,y",
      'r4,2026-03-01T13:00:00Z,google,3,  "a, b"',
      "r5,2026-03-01T14:00:00Z,google,2,z",
      ""
    ].join("\n")
    const { events, quarantine } = await ingestInbox({ "review/s.csv": csv })
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"], r["text"]])).toEqual([
      ["r1", "2", "two\nlines"],
      ["r2", "4", '13" calzone'],
      ["r5", "7", "z"]
    ])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["5", "type:rating"], ["6", "parse"]])
  })

  it("says so when only the header line ends with the delimiter (an empty last column no row has)", async () => {
    const csv = `${header},\nr1,2026-03-01T10:00:00Z,google,5,fine\nr2,2026-03-01T10:00:00Z,google,5,fine,,too many\n`
    const { quarantine } = await ingestInbox({ "review/t.csv": csv })
    expect(quarantine.map((q) => [q["row_number"], q["rule"], q["message"]])).toEqual([
      ["2", "parse", "CSV row does not fit the header: Expected Number of Columns: 6 Found: 5 (the header line ends with the delimiter, so it has an empty last column the rows do not have: remove that delimiter)"],
      // a row with too many cells is not about the header's padding
      ["3", "parse", "CSV row does not fit the header: Expected Number of Columns: 6 Found: 7"]
    ])
  })

  it("numbers the rows after a multi-line quoted field by the line they start on, also rejected ones", async () => {
    const csv = [
      header,
      'r1,2026-03-01T10:00:00Z,google,5,"first',
      "second",
      'third ""quoted"" line"',
      "r2,2026-03-01T11:00:00Z,google,4,ok,extra-cell",
      "",
      "r3,2026-03-01T12:00:00Z,google,4,fine",
      ""
    ].join("\n")
    const { result, events, quarantine } = await ingestInbox({ "review/multi.csv": csv })
    expect(result.files[0]).toMatchObject({ rowsRead: 3, accepted: 2, quarantined: 1 })
    // r1 starts on line 2 (spans 2–4), r2 on line 5 (too many cells), line 6 blank, r3 on line 7
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"]])).toEqual([["r1", "2"], ["r3", "7"]])
    expect(quarantine.map((q) => [q["row_number"], q["rule"]])).toEqual([["5", "parse"]])
    expect(events["review"]?.[0]?.["text"]).toBe('first\nsecond\nthird "quoted" line')
  })

  it("reads a gzipped CSV with CR LF line ends", async () => {
    const { gzipSync } = await import("node:zlib")
    const csv = `${header}\r\nr1,2026-03-01T10:00:00Z,google,5,"a\r\nb"\r\nr2,2026-03-01T11:00:00Z,google,4,c\r\n`
    const { events } = await ingestInbox({ "review/w.csv.gz": gzipSync(csv) })
    expect(events["review"]?.map((r) => [r["event_id"], r["row_number"]])).toEqual([["r1", "2"], ["r2", "4"]])
  })
})

describe("encodings that do not fit", () => {
  it("a UTF-8 file mapped as windows-1252 is unreadable, not loaded as KÃ¶ln", async () => {
    const csv = "event_id,occurred_at,store_id,event_type\ns1,2026-03-01T10:00:00Z,Köln-01,visit\n"
    const { result, events } = await ingestInbox({ "store/a.csv": csv }, { sources: { store: { files: [{ match: "*.csv", csv: { encoding: "windows-1252" } }] } } })
    expect(events["store"]).toEqual([])
    expect(result.files[0]?.status).toBe("unreadable")
    expect(result.files[0]?.message).toContain("its bytes are UTF-8 (with characters beyond ASCII), not windows-1252: remove csv.encoding")
  })
})
