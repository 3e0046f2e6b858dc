/**
 * Incremental tables: how a stage updates a warehouse table in place from the rows it rebuilt
 * over a slice (models.ts runs the models over the slice and keeps their results as
 * `delta_<table>`). A stage declares each such table, its key, which kept rows the rebuild
 * replaces (its scope) and what it hands on; this module writes the statements. Identifiers
 * come from the declaration and are checked against a closed set of names (letters, digits and
 * `_`), and the statements take no values, so nothing in them comes from data.
 *
 * The ways to write (docs/architecture.md, "Incremental tables"):
 * - `changed`: a rebuilt row equal to the kept row of its key (column by column, NULLs equal)
 *   stays; kept rows in scope that differ or are gone leave; rebuilt rows that differ or are new
 *   arrive. Most rebuilt rows of a night are unchanged, and rows not written cost neither the
 *   merge nor DuckDB's next checkpoint. (Measured against DuckDB's MERGE INTO, which was
 *   slower: docs/operations.md, "Incremental merges".)
 * - `replace`: every kept row in scope leaves and every rebuilt row arrives (a few rows per key).
 * - `add`: rebuilt rows whose key is not there yet arrive; nothing leaves (a lookup).
 */
import { Effect } from "effect"
import { profiled, type Statements } from "./duckdb.ts"
import { WarehouseError } from "../errors.ts"

/** A key part: a column, or a SQL macro over columns (a key the table does not store). */
export type KeyPart = string | { readonly macro: string; readonly columns: ReadonlyArray<string> }

export interface IncrementalTable {
  /** The warehouse table; its rebuilt rows are in the temporary table `delta_<table>`. */
  readonly table: string
  /**
   * What identifies a row: never null in the table or its rebuilt rows, and unique in each (rows
   * are matched by equal key values; a macro's value must be non-null too).
   */
  readonly key: ReadonlyArray<KeyPart>
  /**
   * The kept rows the rebuild replaces: those whose key parts `on` (defaults to the key) are
   * in the relation `keys`, under the same names there, or the names `as` gives.
   */
  readonly scope?: { readonly keys: string; readonly on?: ReadonlyArray<KeyPart>; readonly as?: ReadonlyArray<string> }
  readonly write: "changed" | "replace" | "add"
  /**
   * Hands on the changed rows: a temporary table `name` with `columns` of every row that left
   * (its kept values) or arrived (its rebuilt values), for the next stage.
   */
  readonly changed?: { readonly name: string; readonly columns: ReadonlyArray<string> }
}

const NAME = /^[a-z_][a-z0-9_]*$/

const ident = (name: string): string => {
  if (!NAME.test(name)) throw new Error(`not a table, column or macro name: ${JSON.stringify(name)}`)
  return name
}

const partSql = (alias: string, part: KeyPart): string =>
  typeof part === "string" ? `${alias}.${ident(part)}` : `${ident(part.macro)}(${part.columns.map((c) => `${alias}.${ident(c)}`).join(", ")})`

const partName = (part: KeyPart, i: number): string => (typeof part === "string" ? ident(part) : `key_${i}`)

/** `a.k = b.k and …`; the key's parts are never null (keys are not), a macro's value may be built from nulls. */
const keyMatch = (key: ReadonlyArray<KeyPart>, a: string, b: string): string =>
  key.map((p) => `${partSql(a, p)} = ${partSql(b, p)}`).join(" and ")

/**
 * The statements that fold `delta_<table>` into `<table>`, in order; `columns` are the table's
 * (the rebuilt rows have the same), compared one by one for `changed`.
 */
export const incrementalStatements = (t: IncrementalTable, columns: ReadonlyArray<string>): ReadonlyArray<string> => {
  const table = ident(t.table)
  const delta = `delta_${table}`
  if (t.write === "add") return [`insert into ${table} select rebuilt.* from ${delta} as rebuilt anti join ${table} as kept on ${keyMatch(t.key, "kept", "rebuilt")}`]
  if (t.scope === undefined) throw new Error(`${table}: write "${t.write}" needs a scope (the kept rows it replaces)`)
  if (t.write === "changed" && columns.length === 0) throw new Error(`${table}: write "changed" compares the table's columns, and none were given`)
  const on = t.scope.on ?? t.key
  const names = t.scope.as ?? on.map(partName)
  const inScope = `semi join ${ident(t.scope.keys)} as scope on ${on.map((p, i) => `scope.${ident(names[i] ?? "")} = ${partSql("kept", p)}`).join(" and ")}`
  // rows are matched by the key's values, each part named once (a macro's value as key_<i>)
  const keyColumns = t.key.map((p, i) => `${partSql("kept", p)} as ${partName(p, i)}`)
  const byName = (alias: string, other: string) => t.key.map((p, i) => `${other}.${partName(p, i)} = ${partSql(alias, p)}`).join(" and ")
  const keyNames = t.key.map(partName)
  const handOn = t.changed === undefined ? [] : t.changed.columns.map(ident)
  const keptColumns = [...keyColumns, ...handOn.filter((c) => !keyNames.includes(c)).map((c) => `kept.${c}`)]
  const kept = `${table}__kept`
  const arriving = `${table}__arriving`
  const handedOn = (leaving: string, arrived: string) => t.changed === undefined ? [] : [`create or replace temp table ${ident(t.changed.name)} as
select ${handOn.join(", ")} from ${leaving}
union
select ${handOn.join(", ")} from ${arrived}`]
  if (t.write === "replace") {
    return [
      `create or replace temp table ${kept} as select ${keptColumns.join(", ")} from ${table} as kept ${inScope}`,
      `delete from ${table} as kept using ${kept} as leaving where ${byName("kept", "leaving")}`,
      `insert into ${table} select * from ${delta}`,
      ...handedOn(kept, delta),
      `drop table ${kept}`
    ]
  }
  // One pass over the kept rows in scope, each beside its rebuilt row: whether the two are equal
  // (column by column, NULLs equal; a kept row without a rebuilt one is not). Comparing columns
  // rather than whole rows as one value spares building a row value per side (docs/operations.md,
  // "Incremental merges").
  const rebuiltExists = `${partSql("rebuilt", t.key[0] ?? "")} is not null`
  const equal = columns.map(ident).map((c) => `rebuilt.${c} is not distinct from kept.${c}`).join("\n    and ")
  const leaving = `(select * from ${kept} where not unchanged)`
  return [
    `create or replace temp table ${kept} as
select ${keptColumns.join(", ")},
  ${rebuiltExists}
    and ${equal} as unchanged
from ${table} as kept
${inScope}
left join ${delta} as rebuilt on ${keyMatch(t.key, "rebuilt", "kept")}`,
    `create or replace temp table ${arriving} as
select rebuilt.* from ${delta} as rebuilt
anti join (select ${keyNames.join(", ")} from ${kept} where unchanged) as unchanged on ${byName("rebuilt", "unchanged")}`,
    `delete from ${table} as kept using ${leaving} as leaving where ${byName("kept", "leaving")}`,
    `insert into ${table} select * from ${arriving}`,
    ...handedOn(leaving, arriving),
    `drop table ${kept}`,
    `drop table ${arriving}`
  ]
}

/** Folds `delta_<table>` into `<table>` as declared. */
export const mergeIncremental = (db: Statements, t: IncrementalTable): Effect.Effect<void, WarehouseError> =>
  profiled(`merge ${t.table} (${t.write})`, Effect.gen(function*() {
    const columns = t.write === "changed"
      ? (yield* db.all(
        "select column_name from duckdb_columns() where database_name = current_database() and schema_name = 'main' and table_name = $table order by column_index",
        { table: ident(t.table) }
      )).map((r) => String(r["column_name"]))
      : []
    if (t.write === "changed" && columns.length === 0) {
      return yield* new WarehouseError({ message: `merge ${t.table}: there is no such table in the warehouse` })
    }
    yield* Effect.forEach(incrementalStatements(t, columns), (sql) => db.run(sql), { discard: true })
  }))
