/**
 * Compiles a source mapping (schemas/mapping.ts) into one SQL select that turns a file's records
 * into the raw table's contract fields, as text. Every reader hands over its records as a
 * relation and a resolver (column name or JSON path → SQL expression); the contract itself is
 * the mapping that reads each field from the column of the same name. Set-wise: no value passes
 * through JavaScript.
 *
 * What the select adds besides the fields:
 * - `filtered`: the row is left out on purpose by the mapping's `filter` (counted, not loaded);
 * - `map_rule`, `map_message`: the first value the mapping could not convert (a timestamp that
 *   does not fit `format`, an epoch number whose `unit` gives an implausible instant, a number
 *   that is not one), quarantined like a contract rule.
 * Converted values leave here as text the contract's own typing reads exactly: instants as
 * ISO-8601 UTC with `Z`, numbers with `.` as decimal point.
 */
import type { DuckDBValue } from "@duckdb/node-api"
import { listValue } from "@duckdb/node-api"
import type { CsvDialect, FieldSpec, FileMapping, FilterRule } from "../../schemas/mapping.ts"
import { sourceColumns, type SourceColumn, type SourceName } from "../../schemas/sources.ts"
import { sqlString } from "../duckdb/sql-text.ts"
import { shown, WITH_OFFSET } from "./source-columns.ts"

export type ValueRef =
  | { readonly kind: "column"; readonly name: string }
  | { readonly kind: "path"; readonly path: string }

/** SQL text of the value (text or null per record), or why the file cannot give it. */
export type Resolved = { readonly sql: string } | { readonly missing: string }

export interface RecordSource {
  /** Resolves a column or path; `null` when an optional contract column is simply absent. */
  readonly resolve: (ref: ValueRef) => Resolved
  /** The file's column names, for messages. */
  readonly columns: ReadonlyArray<string>
}

export interface CompiledMapping {
  /** select list over the records relation, in raw-table order after file_id, row_number, parse_error, raw */
  readonly select: (relation: string) => string
  readonly params: Readonly<Record<string, DuckDBValue>>
}

export const refOf = (s: string): ValueRef => (s.startsWith("$") ? { kind: "path", path: s } : { kind: "column", name: s })

const NUMBER = String.raw`[+-]?(\d+(\.\d*)?|\.\d+)`

/** Microseconds per unit, as SQL decimal factors. */
const usPer = { s: "1000000", ms: "1000", us: "1", ns: "0.001" } as const
type Unit = keyof typeof usPer

// "2026-03-01 10:00:00.123456Z": a cast is several times cheaper than strftime, and the
// contract's typing reads it as the same instant
const iso = (timestampUtc: string) => `(cast(${timestampUtc} as varchar) || 'Z')`


export class MappingError {
  readonly _tag = "MappingError"
  constructor(readonly reason: string) {}
}

interface Conversion {
  readonly sql: string
  readonly failures: ReadonlyArray<{ readonly when: string; readonly rule: string; readonly message: string }>
  /** A value computed once per row before the conversion reads it several times: name → SQL. */
  readonly computed?: { readonly name: string; readonly sql: string }
}

/**
 * Epoch microseconds of a numeric text in `unit`, as BIGINT (null when it does not fit). Through
 * DOUBLE for seconds and milliseconds (fractions; exact to the microsecond below 2^53), through
 * BIGINT/HUGEINT for micro- and nanoseconds: DuckDB's cast of text to DECIMAL(38, 9) took 2–4 s
 * per 100 k values, casts to DOUBLE or BIGINT a few milliseconds.
 */
const epochMicros = (v: string, unit: Unit): string => {
  switch (unit) {
    case "s":
    case "ms":
      return `try_cast(round(try_cast(${v} as double) * ${usPer[unit]}) as bigint)`
    case "us":
      return `coalesce(try_cast(${v} as bigint), try_cast(round(try_cast(${v} as double)) as bigint))`
    case "ns":
      return `coalesce(try_cast(try_cast(${v} as hugeint) // 1000 as bigint), try_cast(round(try_cast(${v} as double) / 1000) as bigint))`
  }
}

/**
 * The mapping a file is read with; `mapping` null is the contract (each field from the column of
 * its own name). Fields a mapping does not name are read from a column of their own name too.
 */
export const compileMapping = (
  source: SourceName,
  mapping: FileMapping | null,
  records: RecordSource,
  format: "csv" | "ndjson" | "parquet" | "arrow"
): CompiledMapping | MappingError => {
  const explode = mapping?.explode ?? []
  if (mapping === null || explode.length === 0) return compileOne(source, mapping, records, format, "m")
  // One record, several events (a survey response with several rated questions): each entry of
  // `explode` is the mapping with that entry's fields and filters on top, and the events of all
  // entries are read together.
  const parts: Array<CompiledMapping> = []
  for (const [i, entry] of explode.entries()) {
    const { explode: _explode, ...base } = mapping
    const filters = [...asList(mapping.filter), ...asList(entry.filter)]
    const part = compileOne(source, {
      ...base,
      fields: { ...mapping.fields, ...entry.fields },
      ...(filters.length === 0 ? {} : { filter: filters })
    }, records, format, `m${i}_`)
    if (part instanceof MappingError) return part
    parts.push(part)
  }
  return {
    // a record that cannot be parsed is one quarantined row, not one per entry
    select: (relation) => parts.map((p, i) => (i === 0 ? p.select(relation) : `select * from (${p.select(relation)}) where parse_error is null`)).join("\nunion all\n"),
    params: Object.assign({}, ...parts.map((p) => p.params))
  }
}

const asList = (f: FileMapping["filter"]): ReadonlyArray<FilterRule> => (f === undefined ? [] : Array.isArray(f) ? f : [f as FilterRule])

const compileOne = (
  source: SourceName,
  mapping: FileMapping | null,
  records: RecordSource,
  format: "csv" | "ndjson" | "parquet" | "arrow",
  prefix: string
): CompiledMapping | MappingError => {
  const params: Record<string, DuckDBValue> = {}
  let n = 0
  const param = (value: DuckDBValue): string => {
    const name = `${prefix}${n++}`
    params[name] = value
    return `$${name}`
  }
  const problems: Array<string> = []
  const read = (ref: ValueRef): string => {
    const r = records.resolve(ref)
    if ("missing" in r) {
      problems.push(r.missing)
      return "null::varchar"
    }
    return `nullif(trim(${r.sql}), '')`
  }
  const fields = mapping?.fields ?? {}
  const dialect: CsvDialect = format === "csv" ? (mapping?.csv ?? {}) : {}
  const defaults = mapping?.timestamps ?? {}

  const extract = (column: SourceColumn): string => {
    const spec: FieldSpec | undefined = fields[column.name]
    if (spec === undefined) {
      const r = records.resolve({ kind: "column", name: column.name })
      if ("missing" in r) {
        if (column.required) {
          problems.push(mapping === null
            ? `missing required column ${column.name}`
            : `required field ${column.name} is neither in the mapping's fields nor a column of the file`)
        }
        return "null::varchar"
      }
      return `nullif(trim(${r.sql}), '')`
    }
    if (typeof spec === "string") return withValues(read(refOf(spec)), undefined)
    let base: string
    if (spec.column !== undefined) base = read({ kind: "column", name: spec.column })
    else if (spec.path !== undefined) base = read({ kind: "path", path: spec.path })
    else if (spec.const !== undefined) base = `${param(String(spec.const))}::varchar`
    else if (spec.template !== undefined) base = template(spec.template)
    else if (spec.hash !== undefined) {
      base = `sha256(json_array(${spec.hash.map((r) => (r.startsWith("$") ? withoutNullMembers(read(refOf(r))) : read(refOf(r)))).join(", ")})::varchar)`
    } else if (spec.coalesce !== undefined) {
      base = `coalesce(${spec.coalesce.map((r) => (typeof r === "string" ? read(refOf(r)) : `case when ${holds(r.when)} then ${read(refOf(r.from))} end`)).join(", ")})`
    }
    else base = "null::varchar"
    if (spec.pattern !== undefined) base = `nullif(regexp_extract(${base}, ${param(spec.pattern)}, 1), '')`
    if (spec.case !== undefined) base = `${spec.case}(${base})`
    return withValues(base, spec.values)
  }

  // A hashed JSON value (a path's) is hashed without its null members: one export writes
  // `"int_value": null` where another leaves the key out (BigQuery's console against `bq
  // extract`), and the same record must give the same id. Columns are plain values, spared the
  // two regular expressions a row. (A member is a quoted name, escapes included, then null.)
  const withoutNullMembers = (v: string): string =>
    `regexp_replace(regexp_replace(${v}, '"(?:[^"\\\\]|\\\\.)*"\\s*:\\s*null\\s*,?', '', 'g'), ',(\\s*[}\\]])', '\\1', 'g')`

  // A template is null when any value it names is missing: "{Filiale}-{Bon-Nr}" with no Bon-Nr
  // would otherwise make the same id for every receipt of a store.
  const template = (t: string): string => {
    const parts: Array<string> = []
    let last = 0
    for (const m of t.matchAll(/\{([^{}]+)\}/g)) {
      if (m.index > last) parts.push(`${param(t.slice(last, m.index))}::varchar`)
      const inner = m[1] ?? ""
      parts.push(read(refOf(inner)))
      last = m.index + m[0].length
    }
    if (last < t.length) parts.push(`${param(t.slice(last))}::varchar`)
    return `(${parts.join(" || ")})`
  }

  const withValues = (base: string, values: Readonly<Record<string, string | null>> | undefined): string => {
    if (values === undefined) return base
    const entries = Object.entries(values)
    const keys = param(listValue(entries.map(([k]) => k)))
    const mapped = param(listValue(entries.map(([, v]) => v)))
    // "" as a key stands for an empty or missing value, as in filters
    const key = `coalesce(${base}, '')`
    return `(case when list_contains(${keys}::varchar[], ${key}) then (${mapped}::varchar[])[list_position(${keys}::varchar[], ${key})] else ${base} end)`
  }

  const convert = (column: SourceColumn, v: string): Conversion => {
    const spec = fields[column.name]
    const options = typeof spec === "object" ? spec : {}
    const kind = column.spec.kind
    if (kind === "instant") return convertInstant(column.name, column.spec.future === true, v, {
      format: options.format ?? defaults.format,
      timezone: options.timezone ?? defaults.timezone,
      unit: options.unit ?? defaults.unit
    })
    if (kind === "money" || kind === "integer") return convertNumber(column.name, v, options.scale)
    return { sql: v, failures: [] }
  }

  const convertInstant = (
    name: string,
    future: boolean,
    v: string,
    o: { readonly format: string | undefined; readonly timezone: string | undefined; readonly unit: Unit | undefined }
  ): Conversion => {
    if (o.format === undefined && o.timezone === undefined && o.unit === undefined) return { sql: v, failures: [] }
    const failures: Array<Conversion["failures"][number]> = []
    const branches: Array<string> = [`when ${v} is null then null`]
    let computed: Conversion["computed"]
    if (o.unit !== undefined) {
      computed = { name: `${name}__us`, sql: epochMicros(v, o.unit) }
      const us = `x.${computed.name}`
      const numeric = `regexp_full_match(${v}, ${sqlString(NUMBER)})`
      // as the contract's own check: a promised delivery may lie in the future
      const upper = future ? "" : ` and ${us} <= epoch_us($max_at::timestamptz)`
      const inRange = `${us} >= epoch_us($min_at::timestamptz)${upper}`
      branches.push(`when ${numeric} and ${inRange} then ${iso(`make_timestamp(${us})`)}`)
      // the likely unit: the first whose reading lands in the plausible window
      const guess = (Object.keys(usPer) as Array<Unit>).filter((u) => u !== o.unit).map((u) =>
        `when (try_cast(${v} as double) * ${usPer[u]}) between epoch_us($min_at::timestamptz) and epoch_us($max_at::timestamptz) then ${sqlString(`; the values look like epoch ${unitName[u]}: set "unit": "${u}"`)}`
      ).join(" ")
      failures.push({
        when: `${v} is not null and ${numeric} and not coalesce(${inRange}, false)`,
        rule: `range:${name}`,
        message: `${sqlString(`${name} `)} || ${shown(v)} || ${sqlString(` read as epoch ${unitName[o.unit]} is before ingest.minTimestamp or more than a day after the run started`)} || coalesce(case ${guess} end, '')`
      })
      branches.push(`when ${numeric} then null`)
    }
    const zone = o.timezone === undefined ? "$timezone" : param(o.timezone)
    if (o.format !== undefined) {
      const zoned = /%[zZ]/.test(o.format)
      const parsed = `try_strptime(${v}, ${param(o.format)})`
      const utc = zoned ? `timezone('UTC', ${parsed})` : `timezone('UTC', timezone(${zone}, ${parsed}))`
      branches.push(`else ${iso(utc)}`)
      failures.push({
        when: `${v} is not null and ${o.unit === undefined ? "true" : `not regexp_full_match(${v}, ${sqlString(NUMBER)})`} and ${parsed} is null`,
        rule: `type:${name}`,
        message: `${sqlString(`${name} `)} || ${shown(v)} || ${sqlString(` does not match the format ${o.format}`)}`
      })
    } else if (o.timezone !== undefined) {
      // values with an offset, and epoch milliseconds, need no zone; local ones get this one
      branches.push(`when regexp_full_match(${v}, ${sqlString(WITH_OFFSET)}) or regexp_full_match(${v}, '-?\\d{1,15}') then ${v}`)
      branches.push(`when try_cast(${v} as timestamp) is not null then ${iso(`timezone('UTC', timezone(${zone}, try_cast(${v} as timestamp)))`)}`)
      branches.push(`else ${v}`)
    } else branches.push(`else ${v}`)
    return { sql: `case ${branches.join(" ")} end`, failures, ...(computed === undefined ? {} : { computed }) }
  }

  const convertNumber = (name: string, v: string, scale: number | undefined): Conversion => {
    const decimal = dialect.decimal ?? "."
    const thousands = dialect.thousands ?? (decimal === "," ? "." : "")
    const failures: Array<Conversion["failures"][number]> = []
    // "12,50-": accounting and SAP exports write the minus of a negative amount after it
    const signed = `regexp_replace(${v}, '^(\\d[\\d.,]*)-$', '-\\1')`
    let normal = signed
    if (thousands !== "") {
      // A separator is only a thousands separator between groups of three digits: "12.50" in a
      // decimal-comma file is no number (quarantined), never 1250.
      const sep = thousands.replace(/[.^$|?*+()[\]{}\\]/g, "\\$&")
      const grouped = `^[+-]?\\d{1,3}(${sep}\\d{3})+(${decimal === "," ? "," : "\\."}\\d*)?$`
      const misplaced = `(contains(${signed}, ${param(thousands)}) and not regexp_full_match(${signed}, ${param(grouped)}))`
      failures.push({
        when: `${v} is not null and ${misplaced}`,
        rule: `type:${name}`,
        message: `${sqlString(`${name} `)} || ${shown(v)} || ${sqlString(` is not a number with decimal "${decimal}" and thousands separator "${thousands}"`)}`
      })
      normal = `case when ${misplaced} then null else replace(${normal}, ${param(thousands)}, '') end`
    }
    if (decimal === ",") normal = `replace(${normal}, ',', '.')`
    if (scale === undefined) return { sql: normal, failures }
    const number = `try_cast(${normal} as double)`
    failures.push({
      when: `${v} is not null and ${number} is null`,
      rule: `type:${name}`,
      message: `${sqlString(`${name} `)} || ${shown(v)} || ' is not a number'`
    })
    return { sql: `cast(round(${number} * ${param(scale)}::double, 9) as varchar)`, failures }
  }

  /** SQL: whether a record meets a filter rule (its value, "" when empty or missing, in `in`, or not in `notIn`). */
  const holds = (f: FilterRule): string => {
    const v = `coalesce(${read(f.column !== undefined ? { kind: "column", name: f.column } : { kind: "path", path: f.path ?? "$" })}, '')`
    return f.in !== undefined
      ? `list_contains(${param(listValue([...f.in]))}::varchar[], ${v})`
      : `not list_contains(${param(listValue([...(f.notIn ?? [])]))}::varchar[], ${v})`
  }

  const filterSql = (rules: ReadonlyArray<FilterRule>): string => {
    if (rules.length === 0) return "false"
    // a row that could not be parsed has no values to filter on: it is quarantined, never left out
    return "rec.parse_error is null and (" + rules.map((f) => `not (${holds(f)})`).join(" or ") + ")"
  }

  const columns = sourceColumns(source)
  const extracted = columns.map((c) => `${extract(c)} as ${c.name}`)
  const filters = asList(mapping?.filter)
  const filtered = filterSql(filters)
  if (problems.length > 0) {
    const unique = [...new Set(problems)]
    return new MappingError(`${unique.join("; ")} (the file has: ${records.columns.slice(0, 15).join(", ")}${records.columns.length > 15 ? ", …" : ""})`)
  }
  const conversions = columns.map((c) => ({ column: c, conversion: convert(c, `x.${c.name}`) }))
  const failures = conversions.flatMap((c) => c.conversion.failures)
  const plain = failures.length === 0 && conversions.every((c) => c.conversion.sql === `x.${c.column.name}`)
  const select = (relation: string): string => {
    const inner = `select rec.file_id, rec.row_number, rec.parse_error, rec.raw, ${filtered} as filtered,
    ${extracted.join(",\n    ")}
  from ${relation} as rec`
    if (plain) {
      return `select x.file_id, x.row_number, x.parse_error, x.raw, x.filtered, null::varchar as map_rule, null::varchar as map_message,
  ${columns.map((c) => `x.${c.name}`).join(", ")}
from (${inner}) as x`
    }
    const rule = failures.length === 0 ? "null::varchar" : `case ${failures.map((f) => `when ${f.when} then ${sqlString(f.rule)}`).join(" ")} end`
    const message = failures.length === 0 ? "null::varchar" : `case ${failures.map((f) => `when ${f.when} then ${f.message}`).join(" ")} end`
    const computed = conversions.flatMap((c) => (c.conversion.computed === undefined ? [] : [c.conversion.computed]))
    const middle = computed.length === 0 ? inner : `select x.*, ${computed.map((c) => `${c.sql} as ${c.name}`).join(", ")} from (${inner}) as x`
    return `select x.file_id, x.row_number, x.parse_error, x.raw, x.filtered, ${rule} as map_rule, ${message} as map_message,
  ${conversions.map((c) => `${c.conversion.sql} as ${c.column.name}`).join(",\n  ")}
from (${middle}) as x`
  }
  return { select, params }
}

const unitName: Record<Unit, string> = { s: "seconds", ms: "milliseconds", us: "microseconds", ns: "nanoseconds" }

/** The contract columns in raw-table order, after file_id, row_number, parse_error, raw. */
export const rawInsertColumns = (source: SourceName): string =>
  ["file_id", "row_number", "parse_error", "raw", "filtered", "map_rule", "map_message", ...sourceColumns(source).map((c) => c.name)].join(", ")
