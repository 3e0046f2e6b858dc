/**
 * Where a file's mapping takes each required field from, for the message of a row quarantined
 * as `required:<field>`: "store_id is required but missing or empty" alone does not say that
 * the mapping read it from a column `Location` that was empty.
 */
import type { FieldSpec, FileMapping } from "../../schemas/mapping.ts"
import { sourceColumns, type SourceName } from "../../schemas/sources.ts"
import { optionalRef } from "./file-columns.ts"

const reference = (ref: string): string => {
  const { name } = optionalRef(ref)
  return name.startsWith("$") ? `path ${name}` : `column '${name}'`
}

/** What a message says of a field's source, or null where there is nothing to add (a constant, a hash, the field's own column). */
const fieldSource = (spec: FieldSpec | undefined): string | null => {
  if (spec === undefined) return null
  if (typeof spec === "string") return reference(spec)
  const through = spec.pattern === undefined ? "" : ` through its pattern`
  if (spec.column !== undefined) return `${reference(spec.column)}${through}`
  if (spec.path !== undefined) return `${reference(spec.path)}${through}`
  if (spec.template !== undefined) return `the template ${JSON.stringify(spec.template)}${through}`
  if (spec.coalesce !== undefined) {
    return `the first non-empty of ${spec.coalesce.map((e) => reference(typeof e === "string" ? e : e.from)).join(", ")}${through}`
  }
  return null
}

/**
 * Per required field of the source that the mapping names: the rule a row missing it breaks,
 * and what a message about it adds (what the mapping reads the field from).
 */
export const requiredFieldSources = (source: SourceName, mapping: FileMapping | null): ReadonlyArray<{ readonly rule: string; readonly suffix: string }> =>
  mapping === null
    ? []
    : sourceColumns(source).filter((c) => c.required).flatMap((c) => {
      // an explode entry's field goes on top of the mapping's: which one was empty is not known here
      if (mapping.explode?.some((e) => e.fields?.[c.name] !== undefined) === true) return []
      const spec = mapping.fields?.[c.name]
      // a column named as the field is what the message already says
      const own = typeof spec === "string" ? spec : spec?.pattern === undefined ? spec?.column : undefined
      if (own !== undefined && optionalRef(own).name.toLowerCase() === c.name) return []
      const from = fieldSource(spec)
      return from === null ? [] : [{ rule: `required:${c.name}`, suffix: ` (the mapping reads it from ${from})` }]
    })
