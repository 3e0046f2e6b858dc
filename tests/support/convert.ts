/** Turns hand-written text fixtures into the binary formats of the contract inside a temp inbox. */
import { DuckDBInstance } from "@duckdb/node-api"
import { Field, Schema as ArrowSchema, Table, TimestampMicrosecond, Utf8, Int32, makeData, RecordBatch, Struct, tableToIPC, vectorFromArray } from "apache-arrow"
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import { gzipSync } from "node:zlib"

export const gzipInPlace = (path: string): string => {
  writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)))
  rmSync(path)
  return `${path}.gz`
}

/** NDJSON → Parquet with the given DuckDB column types (e.g. occurred_at TIMESTAMPTZ). */
export const ndjsonToParquet = async (src: string, dst: string, columns: Record<string, string>): Promise<void> => {
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  try {
    const cols = `{${Object.entries(columns).map(([k, v]) => `'${k}': '${v}'`).join(", ")}}`
    await con.run(`copy (select * from read_json($src, format = 'newline_delimited', columns = ${cols})) to $dst (format parquet)`, { src, dst })
  } finally {
    con.closeSync()
    instance.closeSync()
  }
  rmSync(src)
}

/**
 * Writes Arrow IPC with string columns, an Int32 `rating`, and optionally `occurred_at` as a
 * UTC microsecond timestamp (given as microseconds since the epoch).
 */
export const writeArrow = (
  dst: string,
  format: "file" | "stream",
  rows: ReadonlyArray<Record<string, string | number | bigint | null>>,
  timestampColumn?: string
): void => {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const fields: Array<Field> = []
  const children = names.map((name) => {
    const values = rows.map((r) => r[name] ?? null)
    if (name === timestampColumn) {
      const type = new TimestampMicrosecond("UTC")
      fields.push(new Field(name, type, true))
      const data = new BigInt64Array(values.map((v) => (typeof v === "bigint" ? v : 0n)))
      return makeData({ type, length: rows.length, data, nullCount: 0 })
    }
    if (name === "rating") {
      const v = vectorFromArray(values.map((x) => (x === null ? null : Number(x))), new Int32())
      fields.push(new Field(name, new Int32(), true))
      return v.data[0]!
    }
    const v = vectorFromArray(values.map((x) => (x === null ? null : String(x))), new Utf8())
    fields.push(new Field(name, new Utf8(), true))
    return v.data[0]!
  })
  const schema = new ArrowSchema(fields)
  const struct = makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children })
  const table = new Table([new RecordBatch(schema, struct)])
  writeFileSync(dst, tableToIPC(table, format))
}
