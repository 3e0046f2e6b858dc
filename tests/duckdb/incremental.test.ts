import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb, layer, type Statements } from "../../src/duckdb/duckdb.ts"
import { incrementalStatements, mergeIncremental, type IncrementalTable } from "../../src/duckdb/incremental.ts"

// A kept table and the rows a stage rebuilt for the keys in scope, by hand:
// kept   a=1 (x), b=2 (y), c=3 (z), d=4 (w, out of scope)
// scope  a, b, c
// delta  a=1 (x, unchanged), b=2 (Y, changed), e=5 (v, new); c is gone
const setUp = (db: Statements) =>
  Effect.gen(function*() {
    yield* db.run("create or replace table items (id varchar, n integer, v varchar, owner varchar)")
    yield* db.run("insert into items values ('a', 1, 'x', 'o1'), ('b', 2, 'y', 'o1'), ('c', 3, 'z', 'o2'), ('d', 4, 'w', 'o3')")
    yield* db.run("create or replace temp table delta_items as select * from (values ('a', 1, 'x', 'o1'), ('b', 2, 'Y', 'o1'), ('e', 5, 'v', 'o4')) as t(id, n, v, owner)")
    yield* db.run("create or replace temp table scope_keys as select * from (values ('a'), ('b'), ('c')) as t(item_id)")
  })

const run = <A>(body: (db: Statements) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(Effect.gen(function*() {
    const db = yield* Duckdb
    yield* setUp(db)
    return yield* body(db)
  }).pipe(Effect.provide(layer({ path: ":memory:", threads: 1, memoryLimit: "256MB" }))) as Effect.Effect<A>)

const rows = (db: Statements, sql: string) => db.all(sql).pipe(Effect.map((r) => r.map((x) => Object.values(x))))

const items: IncrementalTable = {
  table: "items",
  key: ["id"],
  scope: { keys: "scope_keys", as: ["item_id"] },
  write: "changed",
  changed: { name: "changed_owners", columns: ["id", "owner"] }
}

describe("incremental tables: what one declaration does", () => {
  const statements = incrementalStatements

  it("changed: unchanged rows stay as they are, changed and gone rows leave, changed and new rows arrive; out of scope is untouched", async () => {
    const result = await run((db) =>
      Effect.gen(function*() {
        const before = yield* rows(db, "select rowid, id from items where id = 'a'")
        yield* mergeIncremental(db, items)
        return {
          table: yield* rows(db, "select id, n, v, owner from items order by id"),
          // the unchanged row was not written again: it keeps its row id
          aStays: (yield* rows(db, "select rowid, id from items where id = 'a'"))[0]?.[0] === before[0]?.[0],
          changed: yield* rows(db, "select id, owner from changed_owners order by all"),
          left: yield* rows(db, "select table_name from duckdb_tables() where temporary and table_name like 'items__%'")
        }
      }))
    expect(result.table).toEqual([["a", 1, "x", "o1"], ["b", 2, "Y", "o1"], ["d", 4, "w", "o3"], ["e", 5, "v", "o4"]])
    expect(result.aStays).toBe(true)
    // b left and arrived (same owner), c left, e arrived
    expect(result.changed).toEqual([["b", "o1"], ["c", "o2"], ["e", "o4"]])
    expect(result.left).toEqual([])
  })

  it("changed: NULLs compare equal, a value that became NULL or stopped being NULL is a change, in any column", async () => {
    // kept   p (null, null), q (1, null), r (null, 'x'), s (2, 'y')
    // delta  p (null, null) same; q (1, 'z') v appeared; r (null, null) v went; s (null, 'y') n went
    const result = await run((db) =>
      Effect.gen(function*() {
        yield* db.run("create or replace table pairs (id varchar, n integer, v varchar)")
        yield* db.run("insert into pairs values ('p', null, null), ('q', 1, null), ('r', null, 'x'), ('s', 2, 'y')")
        yield* db.run("create or replace temp table delta_pairs as select * from (values ('p', null::integer, null::varchar), ('q', 1, 'z'), ('r', null, null), ('s', null, 'y')) as t(id, n, v)")
        yield* db.run("create or replace temp table pair_scope as select unnest(['p', 'q', 'r', 's']) as id")
        yield* mergeIncremental(db, { table: "pairs", key: ["id"], scope: { keys: "pair_scope" }, write: "changed", changed: { name: "changed_pairs", columns: ["id"] } })
        return {
          table: yield* rows(db, "select id, n, v from pairs order by id"),
          changed: yield* rows(db, "select id from changed_pairs order by id")
        }
      }))
    expect(result.table).toEqual([["p", null, null], ["q", 1, "z"], ["r", null, null], ["s", null, "y"]])
    expect(result.changed).toEqual([["q"], ["r"], ["s"]])
  })

  it("replace: every kept row in scope leaves, every rebuilt row arrives", async () => {
    const table = await run((db) =>
      Effect.gen(function*() {
        const { changed: _changed, ...plain } = items
        yield* mergeIncremental(db, { ...plain, write: "replace" })
        return yield* rows(db, "select id, v from items order by id")
      }))
    expect(table).toEqual([["a", "x"], ["b", "Y"], ["d", "w"], ["e", "v"]])
  })

  it("add: only rebuilt rows with a new key arrive", async () => {
    const table = await run((db) =>
      Effect.gen(function*() {
        yield* mergeIncremental(db, { table: "items", key: ["id"], write: "add" })
        return yield* rows(db, "select id, v from items order by id")
      }))
    expect(table).toEqual([["a", "x"], ["b", "y"], ["c", "z"], ["d", "w"], ["e", "v"]])
  })

  it("a key the table does not store, made by a macro over its columns", async () => {
    const table = await run((db) =>
      Effect.gen(function*() {
        yield* db.run("create or replace temp macro item_key(id, owner) as coalesce('item:' || id, 'owner:' || owner)")
        yield* db.run("insert into items values (null, 6, 'u', 'o9')")
        yield* db.run("insert into delta_items values (null, 6, 'U', 'o9')")
        yield* db.run("insert into scope_keys values ('owner:o9')")
        yield* db.run("create or replace temp table scope_item_keys as select 'item:' || item_id as k from scope_keys where item_id not like 'owner:%' union all select item_id from scope_keys where item_id like 'owner:%'")
        const key = [{ macro: "item_key", columns: ["id", "owner"] }]
        yield* mergeIncremental(db, { table: "items", key, scope: { keys: "scope_item_keys", as: ["k"] }, write: "changed" })
        return yield* rows(db, "select id, v from items order by n")
      }))
    expect(table).toEqual([["a", "x"], ["b", "Y"], ["d", "w"], ["e", "v"], [null, "U"]])
  })

  it("takes only plain names: a declaration cannot carry SQL", () => {
    const columns = ["id", "n", "v", "owner"]
    expect(() => statements({ ...items, table: "items; drop table x" }, columns)).toThrow(/not a table, column or macro name/)
    expect(() => statements(items, [...columns, "v; drop table x"])).toThrow(/not a table, column or macro name/)
    const { scope: _scope, ...unscoped } = items
    expect(() => statements(unscoped, columns)).toThrow(/needs a scope/)
    expect(() => statements(items, [])).toThrow(/compares the table's columns/)
  })
})
