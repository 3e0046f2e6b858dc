/**
 * How a reader finds a mapped value among a file's columns: column names match
 * case-insensitively (the first of equal names wins), and a JSON path `$.col.rest` starts at a
 * column and goes on inside its nested value where the format has one.
 */
import type { Resolved, ValueRef } from "./map-fields.ts"
import { sqlString } from "../duckdb/sql-text.ts"

/** `$.a.b[0]` → { head: "a", rest: "$.b[0]" }; `$."x y"` → { head: "x y", rest: null }. */
export const splitPath = (path: string): { readonly head: string; readonly rest: string | null } => {
  const m = /^\$\.(?:"([^"]+)"|([^.[\]"?]+))(.*)$/.exec(path)
  const head = m?.[1] ?? m?.[2] ?? ""
  const tail = m?.[3] ?? ""
  return { head, rest: tail === "" ? null : `$${tail}` }
}

/**
 * A name or path ending in `?` is optional: a file without that column reads it as empty
 * instead of being unreadable (presets name columns that older exports lack).
 */
export const optionalRef = (name: string): { readonly name: string; readonly optional: boolean } =>
  name.endsWith("?") ? { name: name.slice(0, -1), optional: true } : { name, optional: false }

const FILTER = /\[\?\(@\.([A-Za-z_][A-Za-z0-9_]*)\s*==\s*'([^']*)'\)\]/

/** A path with a list filter step, in its three parts: `$.list`, the element's field and value, the rest. */
export const splitFilter = (path: string): { readonly list: string; readonly field: string; readonly value: string; readonly rest: string } | null => {
  const m = FILTER.exec(path)
  return m === null ? null : { list: path.slice(0, m.index), field: m[1] ?? "", value: m[2] ?? "", rest: `$${path.slice(m.index + m[0].length)}` }
}

/** The text at `rest` in the first element of the JSON list `elements` whose `field` is `value`. */
export const elementValue = (elements: string, filter: { readonly field: string; readonly value: string; readonly rest: string }): string =>
  `json_extract_string(list_filter(${elements}, x -> json_extract_string(x, ${sqlString(`$.${filter.field}`)}) = ${sqlString(filter.value)})[1], ${sqlString(filter.rest)})`

/**
 * SQL of the text at `path` inside the JSON text `json`. A step `[?(@.key=='x')]` picks the
 * first element of a list whose `key` is `x` (GA4's event_params), which json_extract cannot.
 */
export const jsonValue = (json: string, path: string): string => {
  const filter = splitFilter(path)
  return filter === null
    ? `json_extract_string(${json}, ${sqlString(path)})`
    : elementValue(`json_extract(${json}, ${sqlString(`${filter.list}[*]`)})`, filter)
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
      // a column whose own name ends in ? is that column; otherwise the ? marks it optional
      const literal = byLower.get(ref.name.trim().toLowerCase())
      if (literal !== undefined) return { sql: access.column(literal) }
      const { name, optional } = optionalRef(ref.name)
      const i = byLower.get(name.trim().toLowerCase())
      if (i === undefined) return optional ? { sql: "null::varchar" } : { missing: `column '${name}' is not in the file` }
      return { sql: access.column(i) }
    }
    const { name: path, optional } = optionalRef(ref.path)
    const { head, rest } = splitPath(path)
    const i = byLower.get(head.trim().toLowerCase())
    if (i === undefined) return optional ? { sql: "null::varchar" } : { missing: `path ${path}: column '${head}' is not in the file` }
    if (rest === null) return { sql: access.column(i) }
    if (access.inside === null) {
      return optional ? { sql: "null::varchar" } : { missing: `path ${path}: a CSV cell has no nested fields; name the column instead` }
    }
    return { sql: access.inside(i, rest) }
  }
}

/** A nested value read from its JSON text. */
export const insideJson = (json: string, rest: string): string => jsonValue(json, rest)
