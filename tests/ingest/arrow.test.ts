import {
  DateMillisecond,
  Dictionary,
  Field,
  Int32,
  Int64,
  List,
  makeData,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampMillisecond,
  TimestampSecond,
  Utf8,
  vectorFromArray,
  type Data,
  type DataType
} from "apache-arrow"
import { DuckDBInstance } from "@duckdb/node-api"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { parquetParts } from "../../src/ingest/read-arrow.ts"
import { readTable, runOnce, workspace } from "../support/pipeline.ts"

// Arrow is written to Parquet before DuckDB reads it (src/ingest/read-arrow.ts). Parquet has no
// timestamp in seconds and no date in milliseconds; pandas and pyarrow write both.

const at = (iso: string): bigint => BigInt(Date.parse(iso))

const column = (type: DataType, values: ReadonlyArray<bigint | null>): Data => {
  const data = new BigInt64Array(values.map((v) => v ?? 0n))
  const nulls = values.filter((v) => v === null).length
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8))
  values.forEach((v, i) => {
    if (v !== null) nullBitmap[i >> 3] = (nullBitmap[i >> 3] ?? 0) | (1 << (i & 7))
  })
  return makeData({ type, length: values.length, nullCount: nulls, nullBitmap: nulls === 0 ? undefined : nullBitmap, data } as never)
}

const batchOf = (fields: ReadonlyArray<Field>, children: ReadonlyArray<Data>): RecordBatch => {
  const schema = new Schema([...fields])
  return new RecordBatch(schema, makeData({ type: new Struct([...fields]), length: children[0]?.length ?? 0, nullCount: 0, children: [...children] }))
}

/** Every part `parquetParts` writes, read back by DuckDB with `select`, and each part's first row. */
const readParts = async (table: Table, rowsPerPart: number, select: string) => {
  const scratch = mkdtempSync(join(tmpdir(), "arrow-parts-"))
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  await con.run("set TimeZone = 'UTC'")
  const firstRows: Array<number> = []
  const rows: Array<Record<string, unknown>> = []
  try {
    for await (const part of parquetParts(table, scratch, 7, rowsPerPart)) {
      firstRows.push(part.firstRow)
      rows.push(...(await con.runAndReadAll(`select ${select} from read_parquet($path)`, { path: part.path })).getRowObjectsJson())
    }
  } finally {
    con.closeSync()
    instance.closeSync()
    rmSync(scratch, { recursive: true, force: true })
  }
  return { firstRows, rows }
}

describe("Arrow IPC through Parquet", () => {
  it("keeps timestamps in seconds and dates in milliseconds as instants and dates, batch by batch, with each part's first row", async () => {
    const fields = [
      new Field("at", new TimestampSecond("UTC"), true),
      new Field("day", new DateMillisecond(), true),
      new Field("nothing", new Null(), true),
      new Field("platform", new Dictionary(new Utf8(), new Int32()), true)
    ]
    const seconds = (iso: string) => at(iso) / 1000n
    const batch = (ats: ReadonlyArray<bigint | null>, days: ReadonlyArray<bigint | null>, platforms: ReadonlyArray<string>) =>
      batchOf(fields, [
        column(fields[0]!.type, ats),
        column(fields[1]!.type, days),
        makeData({ type: new Null(), length: ats.length }),
        vectorFromArray([...platforms], new Dictionary(new Utf8(), new Int32())).data[0]!
      ])
    // the third batch is a slice: its columns start at an offset, with a null inside
    const wide = batch(
      [seconds("2026-03-01T00:00:00Z"), seconds("2026-03-01T16:00:00Z"), null],
      [at("2026-03-03T00:00:00Z"), null, at("1969-12-30T00:00:00Z")],
      ["x", "trustpilot", "google"]
    )
    const table = new Table([
      batch([seconds("2026-03-01T15:00:00Z"), null], [at("2026-03-01T00:00:00Z"), at("2026-03-02T00:00:00Z")], ["google", "google"]),
      batch([seconds("2026-03-01T15:30:00Z")], [null], ["trustpilot"]),
      wide.slice(1, 3)
    ])
    const { firstRows, rows } = await readParts(table, 2, `typeof("at") as t_at, typeof("day") as t_day, cast("at" as varchar) as "at", cast("day" as varchar) as "day", "nothing", platform`)
    expect(firstRows).toEqual([0, 2, 3])
    expect(rows.map((r) => [r["t_at"], r["t_day"]])[0]).toEqual(["TIMESTAMP WITH TIME ZONE", "DATE"])
    expect(rows.map((r) => [r["at"], r["day"], r["nothing"], r["platform"]])).toEqual([
      ["2026-03-01 15:00:00+00", "2026-03-01", null, "google"],
      [null, "2026-03-02", null, "google"],
      ["2026-03-01 15:30:00+00", null, null, "trustpilot"],
      ["2026-03-01 16:00:00+00", null, null, "trustpilot"],
      [null, "1969-12-30", null, "google"]
    ])
  })

  it("splits a batch larger than a part, and converts inside structs and lists: seconds, and fields that are always null", async () => {
    const item = new Struct([new Field("a", new Utf8(), true), new Field("b", new Null(), true)])
    const fields = [
      new Field("n", new Int64(), true),
      new Field("meta", new List(new Field("item", item, true)), true),
      new Field("when", new Struct([new Field("at", new TimestampSecond("UTC"), true)]), true)
    ]
    const n = [1n, 2n, 3n, 4n, 5n]
    const seconds = at("2026-03-01T15:00:00Z") / 1000n
    const whenAt = column(new TimestampSecond("UTC"), n.map((k) => seconds + k))
    const table = new Table([batchOf(fields, [
      column(new Int64(), n),
      vectorFromArray(n.map((k) => [{ a: `x${k}`, b: null }]), fields[1]!.type).data[0]!,
      makeData({ type: fields[2]!.type as Struct, length: 5, nullCount: 0, children: [whenAt] })
    ])])
    const { firstRows, rows } = await readParts(table, 2, `n, to_json(meta) as meta, cast("when".at as varchar) as at`)
    expect(firstRows).toEqual([0, 2, 4])
    expect(rows.map((r) => [r["n"], r["meta"], r["at"]])).toEqual(n.map((k) => [
      String(k), `[{"a":"x${k}","b":null}]`, `2026-03-01 15:00:0${k}+00`
    ]))
  })

  it("loads a review export with instants in seconds, business-time timestamps and 64-bit ratings, and numbers a bad record by its place in the file", async () => {
    const ws = workspace()
    mkdirSync(join(ws.inbox, "review"), { recursive: true })
    const fields = [
      new Field("event_id", new Utf8(), true),
      new Field("occurred_at", new TimestampSecond("UTC"), true),
      // no zone: business time (Europe/Berlin, UTC+1 in March)
      new Field("replied_at", new TimestampMillisecond(), true),
      new Field("platform", new Dictionary(new Utf8(), new Int32()), true),
      new Field("rating", new Int64(), true)
    ]
    const batch = (ids: ReadonlyArray<string>, ats: ReadonlyArray<string>, replies: ReadonlyArray<string | null>, ratings: ReadonlyArray<bigint>) =>
      batchOf(fields, [
        vectorFromArray([...ids], new Utf8()).data[0]!,
        column(fields[1]!.type, ats.map((a) => at(a) / 1000n)),
        column(fields[2]!.type, replies.map((r) => (r === null ? null : at(`${r}Z`)))),
        vectorFromArray(ids.map(() => "trustpilot"), new Dictionary(new Utf8(), new Int32())).data[0]!,
        column(fields[4]!.type, ratings)
      ])
    const table = new Table([
      batch(["r1", "r2"], ["2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z"], ["2026-03-02T09:00:00", null], [5n, 2n]),
      batch(["r3"], ["2026-03-01T17:00:00Z"], [null], [9n])
    ])
    // the stream flavour: each batch may bring a dictionary of its own
    writeFileSync(join(ws.inbox, "review", "export.arrows"), tableToIPC(table, "stream"))
    const summary = await runOnce(ws, { quarantine: { maxShare: 1 } })
    expect(summary.sources.review).toEqual({ read: 3, accepted: 2, quarantined: 1, duplicates: 0, filtered: 0, suppressed: 0 })
    const reviews = await readTable(ws.out, "events_review", "event_id")
    expect(reviews.map((r) => [r["event_id"], r["occurred_at"], r["replied_at"], r["platform"], r["rating"]])).toEqual([
      ["r1", "2026-03-01 15:00:00+00", "2026-03-02 08:00:00+00", "trustpilot", 5],
      ["r2", "2026-03-01 16:00:00+00", null, "trustpilot", 2]
    ])
    const quarantined = await readTable(ws.out, "quarantine", "row_number")
    expect(quarantined.map((r) => [r["file"], r["row_number"]])).toEqual([["review/export.arrows", "3"]])
  })
})
