/**
 * Incremental tables: how a stage updates a warehouse table in place from the rows it rebuilt
 * over a slice (models.ts runs the models over the slice and keeps their results as
 * `delta_<table>`). A stage declares each such table, its key, which kept rows the rebuild
 * replaces (its scope) and what it hands on; this module writes the statements. Identifiers
 * come from the declaration and are checked against a closed set of names (letters, digits and
 * `_`), and the statements take no values, so nothing in them comes from data.
 *
 * The ways to write (docs/architecture.md, "Incremental tables"):
 * - `changed`: a rebuilt row equal to the kept row of its key (compared whole, NULLs equal)
 *   stays; kept rows in scope that differ or are gone leave; rebuilt rows that differ or are new
 *   arrive. Most rebuilt rows of a night are unchanged, and rows not written cost neither the
 *   merge nor DuckDB's next checkpoint.
 * - `replace`: every kept row in scope leaves and every rebuilt row arrives (a few rows per key).
 * - `add`: rebuilt rows whose key is not there yet arrive; nothing leaves (a lookup).
 */
import { Effect } from "effect"
import { profiled, type Statements } from "./duckdb.ts"
import type { WarehouseError } from "../errors.ts"

/** A key part: a column, or a SQL macro over columns (a key the table does not store). */
export type KeyPart = string | { readonly macro: string; readonly columns: ReadonlyArray<string> }

export interface IncrementalTable {
  /** The warehouse table; its rebuilt rows are in the temporary table `delta_<table>`. */
  readonly table: string
  /** What identifies a row. */
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

/** The statements that fold `delta_<table>` into `<table>`, in order. */
export const incrementalStatements = (t: IncrementalTable): ReadonlyArray<string> => {
  const table = ident(t.table)
  const delta = `delta_${table}`
  const unchanged = `${table}__unchanged`
  const leaving = `${table}__leaving`
  const arriving = `${table}__arriving`
  // keys of the kept rows in scope, as a semi join on kept
  const inScope = (alias: string): string => {
    if (t.scope === undefined) return ""
    const on = t.scope.on ?? t.key
    const names = t.scope.as ?? on.map(partName)
    return `semi join ${ident(t.scope.keys)} as scope on ${on.map((p, i) => `scope.${ident(names[i] ?? "")} = ${partSql(alias, p)}`).join(" and ")}`
  }
  // unchanged rows and leaving rows are found by the key's values, named once
  const keyColumns = (alias: string) => t.key.map((p, i) => `${partSql(alias, p)} as ${partName(p, i)}`).join(", ")
  const byName = (alias: string, other: string) => t.key.map((p, i) => `${other}.${partName(p, i)} = ${partSql(alias, p)}`).join(" and ")
  const handOn = t.changed === undefined ? [] : [
    `create or replace temp table ${ident(t.changed.name)} as
select ${t.changed.columns.map(ident).join(", ")} from ${leaving}
union
select ${t.changed.columns.map(ident).join(", ")} from ${arriving}`
  ]
  if (t.write !== "add" && t.scope === undefined) throw new Error(`${table}: write "${t.write}" needs a scope (the kept rows it replaces)`)
  const leavingColumns = [...new Set([...t.key.map(partName), ...(t.changed?.columns ?? []).map(ident)])]
  switch (t.write) {
    case "add":
      return [`insert into ${table}
select rebuilt.* from ${delta} as rebuilt
anti join ${table} as kept on ${keyMatch(t.key, "kept", "rebuilt")}`]
    case "replace":
      return [
        `create or replace temp table ${leaving} as
select ${leavingColumns.map((c) => keyColumnOf(t.key, c, "kept")).join(", ")}
from ${table} as kept
${inScope("kept")}`,
        `create or replace temp table ${arriving} as select * from ${delta}`,
        `delete from ${table} as kept using ${leaving} as leaving where ${byName("kept", "leaving")}`,
        `insert into ${table} select * from ${arriving}`,
        ...handOn,
        `drop table ${leaving}`,
        `drop table ${arriving}`
      ]
    case "changed":
      return [
        `create or replace temp table ${unchanged} as
select ${keyColumns("kept")}
from ${table} as kept
${inScope("kept")}
semi join ${delta} as rebuilt on ${keyMatch(t.key, "rebuilt", "kept")} and rebuilt is not distinct from kept`,
        `create or replace temp table ${leaving} as
select ${leavingColumns.map((c) => keyColumnOf(t.key, c, "kept")).join(", ")}
from ${table} as kept
${inScope("kept")}
anti join ${unchanged} as unchanged on ${byName("kept", "unchanged")}`,
        `create or replace temp table ${arriving} as
select rebuilt.*
from ${delta} as rebuilt
anti join ${unchanged} as unchanged on ${byName("rebuilt", "unchanged")}`,
        `delete from ${table} as kept using ${leaving} as leaving where ${byName("kept", "leaving")}`,
        `insert into ${table} select * from ${arriving}`,
        ...handOn,
        `drop table ${unchanged}`,
        `drop table ${leaving}`,
        `drop table ${arriving}`
      ]
  }
}

// a leaving row's key column, named as the key part is
const keyColumnOf = (key: ReadonlyArray<KeyPart>, name: string, alias: string): string => {
  const i = key.findIndex((p, j) => partName(p, j) === name)
  const part = key[i]
  return part === undefined ? `${alias}.${name}` : `${partSql(alias, part)} as ${name}`
}

/**
 * The same with DuckDB's MERGE INTO, for comparison (docs/operations.md, "Incremental merges":
 * measured slower, so not used unless TOUCHPOINT_MERGE=merge-into). A hand-on table is found
 * before the merge, as MERGE's RETURNING gives an updated row's new values only.
 */
export const mergeIntoStatements = (t: IncrementalTable): ReadonlyArray<string> => {
  const table = ident(t.table)
  const delta = `delta_${table}`
  if (t.write === "add") {
    return [`merge into ${table} as kept using ${delta} as rebuilt on ${keyMatch(t.key, "kept", "rebuilt")} when not matched then insert`]
  }
  if (t.scope === undefined) throw new Error(`${table}: write "${t.write}" needs a scope (the kept rows it replaces)`)
  const on = t.scope.on ?? t.key
  const names = t.scope.as ?? on.map(partName)
  const inScope = `exists (select 1 from ${ident(t.scope.keys)} as scope where ${on.map((p, i) => `scope.${ident(names[i] ?? "")} = ${partSql("kept", p)}`).join(" and ")})`
  const handOn = t.changed === undefined ? [] : [
    `create or replace temp table ${ident(t.changed.name)} as
select ${t.changed.columns.map((c) => `kept.${ident(c)}`).join(", ")} from ${table} as kept
where ${inScope} and not exists (select 1 from ${delta} as rebuilt where ${keyMatch(t.key, "rebuilt", "kept")} and rebuilt is not distinct from kept)
union
select ${t.changed.columns.map((c) => `rebuilt.${ident(c)}`).join(", ")} from ${delta} as rebuilt
where not exists (select 1 from ${table} as kept where ${keyMatch(t.key, "kept", "rebuilt")} and rebuilt is not distinct from kept)`
  ]
  const update = t.write === "changed" ? "when matched and rebuilt is distinct from kept then update" : "when matched then update"
  return [
    ...handOn,
    `merge into ${table} as kept using ${delta} as rebuilt on ${keyMatch(t.key, "kept", "rebuilt")}
${update}
when not matched then insert
when not matched by source and ${inScope} then delete`
  ]
}

const useMergeInto = process.env["TOUCHPOINT_MERGE"] === "merge-into"

/** Folds `delta_<table>` into `<table>` as declared. */
export const mergeIncremental = (db: Statements, t: IncrementalTable): Effect.Effect<void, WarehouseError> =>
  profiled(
    `merge ${t.table} (${t.write})`,
    Effect.forEach(useMergeInto ? mergeIntoStatements(t) : incrementalStatements(t), (sql) => db.run(sql), { discard: true })
  )
