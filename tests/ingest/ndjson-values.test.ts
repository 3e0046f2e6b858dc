import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb, layer } from "../../src/duckdb/duckdb.ts"
import { keysOfPath, valuesOf } from "../../src/ingest/read-ndjson.ts"
import { sqlString } from "../../src/duckdb/sql-text.ts"

// Lines written to hit what differs between reading a value through a struct and through a
// path: numbers as written (12.50, 1e3, a 30-digit integer), nested objects and lists as JSON,
// null, booleans, a key spelt in another case, a duplicate key, a quoted key with a space,
// a value that is an object where another line has text, and an empty object.
const lines = [
  '{"a": 12.50, "b": "x", "c": {"d": "e", "n": [1, {"y": 2}]}, "n": null, "t": true}',
  '{"a": 1e3, "b": "  spaced  ", "c": {"d": 5}, "A": "upper"}',
  '{"a": "é\\n", "c": "not an object", "weird key": "w"}',
  '{"a": 1, "a": 2, "b": 123456789012345678901234567890}',
  '{"c": [1, 2], "ecommerce": {"transaction_id": "T-1", "value": 9.5}}',
  "{}"
]

const paths = [
  "$.a", "$.b", "$.c", "$.c.d", "$.n", "$.t", "$.A", '$."weird key"', "$.c.n[1].y", "$.ecommerce", "$.ecommerce.transaction_id", "$.missing.deeper"
]

const run = <A>(body: Effect.Effect<A, unknown, Duckdb>) =>
  Effect.runPromise(body.pipe(Effect.provide(layer({ path: ":memory:", threads: 1, memoryLimit: "256MB" }))) as Effect.Effect<A>)

describe("NDJSON values: one pass over each line reads what a path reads", () => {
  it("splits paths into key chains, and nothing else", () => {
    expect(keysOfPath("$.a")).toEqual(["a"])
    expect(keysOfPath('$.context."page url".x_1')).toEqual(["context", "page url", "x_1"])
    expect(keysOfPath("$.c.n[1].y")).toBeNull()
    expect(keysOfPath("$")).toBeNull()
    expect(keysOfPath('$.""')).toBeNull()
    expect(keysOfPath("$.a-b")).toBeNull()
  })

  it("gives every path the text json_extract_string gives it, on every line", async () => {
    const values = valuesOf("line", paths)
    // a key that is also a parent, keys differing only in case and an array step are read by path
    expect(values.struct).not.toBeNull()
    expect(values.list).not.toBeNull()
    const [got, expected] = await run(Effect.gen(function*() {
      const db = yield* Duckdb
      yield* db.run(`create table l as select * from (values ${lines.map((l, i) => `(${i}, ${sqlString(l)})`).join(", ")}) as t(i, line)`)
      const select = (columns: ReadonlyArray<string>, from: string) =>
        db.all(`select ${columns.map((c, i) => `${c} as v${i}`).join(", ")} from ${from} order by i`)
      const read = `(select i${values.struct === null ? "" : `, ${values.struct} as rec_struct`}${values.list === null ? "" : `, ${values.list} as rec_list`} from l)`
      return [
        yield* select(values.columns, read),
        yield* select(paths.map((p) => `json_extract_string(line, ${sqlString(p)})`), "l")
      ] as const
    }))
    expect(got).toEqual(expected)
    // and the values are the ones worked out by hand, so both cannot be wrong alike
    expect(got.map((r) => r["v0"])).toEqual(["12.5", "1000.0", "é\n", "1", null, null])
    expect(got.map((r) => r["v2"])).toEqual(['{"d":"e","n":[1,{"y":2}]}', '{"d":5}', "not an object", null, "[1,2]", null])
    expect(got.map((r) => r["v6"])).toEqual([null, "upper", null, null, null, null])
    expect(got.map((r) => r["v9"])).toEqual([null, null, null, null, '{"transaction_id":"T-1","value":9.5}', null])
    expect(got.map((r) => r["v10"])).toEqual([null, null, null, null, "T-1", null])
    expect(got.map((r) => r["v8"])).toEqual(["2", null, null, null, null, null])
  })
})
