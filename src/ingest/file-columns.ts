/**
 * How a reader finds a mapped value among a file's columns: column names match
 * case-insensitively (the first of equal names wins), and a JSON path `$.col.rest` starts at a
 * column and goes on inside its nested value where the format has one.
 */
import type { Resolved, ValueRef } from "./map-fields.ts"
import { sqlString } from "./source-columns.ts"

/** `$.a.b[0]` → { head: "a", rest: "$.b[0]" }; `$."x y"` → { head: "x y", rest: null }. */
export const splitPath = (path: string): { readonly head: string; readonly rest: string | null } => {
  const m = /^\$\.(?:"([^"]+)"|([^.[\]"]+))(.*)$/.exec(path)
  const head = m?.[1] ?? m?.[2] ?? ""
  const tail = m?.[3] ?? ""
  return { head, rest: tail === "" ? null : `$${tail}` }
}

export interface ColumnAccess {
  /** SQL of the column's value as text. */
  readonly column: (index: number) => string
  /** SQL of a value inside the column's nested value, or null when the format has none (CSV). */
  readonly inside: ((index: number, rest: string) => string) | null
}

export const fileColumnResolver = (names: ReadonlyArray<string>, access: ColumnAccess) => {
  const byLower = new Map<string, number>()
  names.forEach((n, i) => {
    const key = n.trim().toLowerCase()
    if (!byLower.has(key)) byLower.set(key, i)
  })
  return (ref: ValueRef): Resolved => {
    if (ref.kind === "column") {
      const i = byLower.get(ref.name.trim().toLowerCase())
      return i === undefined ? { missing: `column '${ref.name}' is not in the file` } : { sql: access.column(i) }
    }
    const { head, rest } = splitPath(ref.path)
    const i = byLower.get(head.trim().toLowerCase())
    if (i === undefined) return { missing: `path ${ref.path}: column '${head}' is not in the file` }
    if (rest === null) return { sql: access.column(i) }
    if (access.inside === null) return { missing: `path ${ref.path}: a CSV cell has no nested fields; name the column instead` }
    return { sql: access.inside(i, rest) }
  }
}

/** A nested value read from its JSON text. */
export const insideJson = (json: string, rest: string): string => `json_extract_string(${json}, ${sqlString(rest)})`
