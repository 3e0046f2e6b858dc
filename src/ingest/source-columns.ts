/**
 * Everything the warehouse knows about a source's columns is derived here from the schemas in
 * schemas/sources.ts: staging DDL, the raw text columns ingest fills, and the validation SQL.
 * Identifiers in the generated SQL come only from those schemas (a closed set in code); values
 * reach SQL as bound parameters.
 */
import { sourceColumns, sourceNames, sources, type SourceColumn, type SourceName } from "../../schemas/sources.ts"
import type { ColumnSpec, RowRule } from "../../schemas/fields.ts"
import { sqlString } from "../duckdb/sql-text.ts"
import { EMAIL_SHAPED } from "./pseudonymise.ts"


/** The staging column name: pseudonymised identifiers say so in their name. */
export const stagingName = (c: SourceColumn): string => (c.spec.pii === undefined ? c.name : `${c.name}_hash`)

const duckType = (spec: ColumnSpec): string => {
  switch (spec.kind) {
    case "text":
      return "varchar"
    case "instant":
      return "timestamptz"
    case "money":
      return "decimal(18, 4)"
    case "integer":
      return "integer"
  }
}

export const eventsTable = (source: SourceName): string => `events_${source}`
export const rawTable = (source: SourceName): string => `raw_${source}`
/** A run's rows of a source, typed and checked (ingest): the accepted ones are loaded from it. */
export const validatedTable = (source: SourceName): string => `validated_${source}`
/** Records of a validated table that are not loaded: later copies of an id, ids already staged, forgotten customers' rows. */
export const excludedTable = (source: SourceName): string => `excluded_${source}`

/** Columns every staging table carries besides the source's own. */
const lineageColumns = ["file_id integer not null", "row_number bigint not null", "run_id varchar not null"]

export const createEventsTableSql = (source: SourceName): string => {
  const cols = sourceColumns(source).map((c) => `${stagingName(c)} ${duckType(c.spec)}${c.required ? " not null" : ""}`)
  return `create table if not exists ${eventsTable(source)} (\n  ${[...cols, ...lineageColumns].join(",\n  ")}\n)`
}

/**
 * Optional columns a later version added to a source: a warehouse made before gets them (null
 * on its earlier events), so its staging tables always have the schema's columns.
 */
export const addMissingColumnsSql = (source: SourceName, existing: ReadonlySet<string>): ReadonlyArray<string> =>
  sourceColumns(source)
    .filter((c) => !c.required && !existing.has(stagingName(c)))
    .map((c) => `alter table ${eventsTable(source)} add column ${stagingName(c)} ${duckType(c.spec)}`)

/** The raw table one run fills for a source: every field as text, as it came. */
export const createRawTableSql = (source: SourceName, temporary: boolean): string => {
  const cols = sourceColumns(source).map((c) => `${c.name} varchar`)
  return `create or replace ${temporary ? "temp " : ""}table ${rawTable(source)} (\n  file_id integer not null,\n  row_number bigint not null,\n  ` +
    `parse_error varchar,\n  raw varchar,\n  filtered boolean not null default false,\n  map_rule varchar,\n  map_message varchar,\n  ${cols.join(",\n  ")}\n)`
}

// Why a time part is required before an offset: "2024-03-01" ends in "-01", which would
// otherwise read as an offset and move a local date to UTC midnight.
export const WITH_OFFSET = String.raw`^\S+[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)$`

const typedExpression = (c: SourceColumn, v: string): string => {
  switch (c.spec.kind) {
    case "text":
      return v
    case "instant":
      return `case when ${v} is null then null ` +
        String.raw`when regexp_full_match(${v}, '-?\d{1,15}') then timezone('UTC', epoch_ms(try_cast(${v} as bigint))) ` +
        // DuckDB reads no space before the offset, which Snowflake and others write ("… +0000")
        `when regexp_full_match(${v}, ${sqlString(WITH_OFFSET)}) then try_cast(regexp_replace(${v}, ${sqlString(String.raw`\s+([Zz]|[+-]\d{2}(:?\d{2})?)$`)}, '\\1') as timestamptz) ` +
        `else timezone($timezone, try_cast(${v} as timestamp)) end`
    case "money":
      return `coalesce(try_cast(${v} as decimal(18, 4)), try_cast(try_cast(${v} as double) as decimal(18, 4)))`
    case "integer":
      return `case when try_cast(${v} as double) = trunc(try_cast(${v} as double)) and abs(try_cast(${v} as double)) < 2147483647 ` +
        `then try_cast(try_cast(${v} as double) as integer) end`
  }
}

const normalisedPii = (c: SourceColumn, v: string): string =>
  c.spec.pii === "email"
    ? `nullif(lower(${v}), '')`
    : `case when regexp_replace(${v}, '[^0-9]', '', 'g') = '' then null ` +
      `else (case when ${v} like '+%' then '+' else '' end) || regexp_replace(${v}, '[^0-9]', '', 'g') end`

/** HMAC-SHA256 with the key's pads bound as $pii_ipad / $pii_opad (see src/ingest/pseudonymise.ts). */
export const hmacExpression = (value: string): string =>
  `sha256(unhex($pii_opad) || unhex(sha256(unhex($pii_ipad) || encode(${value}))))`

/**
 * The identifiers staged as they come (anonymous_id, customer_id, loyalty_id) are ids, but
 * exports often carry an e-mail address in them (Snowplow's user_id, Segment's userId): such a
 * value is staged as its pseudonym, as an e-mail column is (lower-cased, HMAC hex), so no raw
 * address reaches the warehouse or an output. The shape: EMAIL_SHAPED in pseudonymise.ts.
 */
export const rawIdentifierTypes = ["anonymous_id", "customer_id", "loyalty_id"] as const
const idColumnsMaybeEmail: ReadonlySet<string> = new Set(rawIdentifierTypes)

/** Whether a column is such an id column (staged by `stagedId`). */
const mayHoldEmail = (c: SourceColumn): boolean => c.spec.pii === undefined && c.spec.kind === "text" && idColumnsMaybeEmail.has(c.name)

/** A source's id columns that may hold an e-mail address (staged as its pseudonym). */
export const idColumnsMaybeEmailOf = (source: SourceName): ReadonlyArray<string> => sourceColumns(source).filter(mayHoldEmail).map((c) => c.name)

/** SQL: a trimmed identifier value as staged: an e-mail-shaped one pseudonymised. Parameters: $pii_ipad, $pii_opad. */
export const stagedId = (v: string): string => {
  // DuckDB's trim leaves tabs and line breaks, which an exported address may end in
  const clean = `regexp_replace(${v}, '^\\s+|\\s+$', '', 'g')`
  // the "@" test first: the regular expressions then run on the few ids that could be an address
  return `case when contains(${v}, '@') and regexp_full_match(${clean}, ${sqlString(EMAIL_SHAPED)}) then ${hmacExpression(`lower(${clean})`)} else ${v} end`
}

/**
 * SQL: a raw identifier value (an e-mail, a phone number, a customer id …) as ingest stages it:
 * trimmed, e-mail and phone normalised and pseudonymised, as in validationSql. For values typed
 * in by a person (`forget --email …`). Parameters: $pii_ipad, $pii_opad.
 */
export const stagedIdentifier = (field: string, v: string): string => {
  const column = sourceNames.flatMap((s) => sourceColumns(s)).find((c) => c.name === field)
  if (column === undefined) throw new Error(`no source has a field ${field}`)
  const trimmed = `nullif(trim(${v}), '')`
  if (column.spec.pii !== undefined) return hmacExpression(normalisedPii(column, trimmed))
  return mayHoldEmail(column) ? stagedId(trimmed) : trimmed
}

interface Check {
  readonly when: string
  readonly rule: string
  /** SQL giving the rule when it is not a fixed name (a mapping's conversion failures). */
  readonly ruleSql?: string
  readonly message: string
}

export const shown = (v: string) => `coalesce('''' || left(${v}, 60) || '''', 'null')`

const columnChecks = (c: SourceColumn): ReadonlyArray<Check> => {
  const v = `t.${c.name}`
  const t = `t.${c.name}__typed`
  const checks: Array<Check> = []
  if (c.required) {
    checks.push({ when: `${v} is null`, rule: `required:${c.name}`, message: sqlString(`${c.name} is required but missing or empty`) })
  }
  if (c.spec.kind === "instant") {
    checks.push({
      when: `${v} is not null and ${t} is null`,
      rule: `type:${c.name}`,
      message: `${sqlString(`${c.name} `)} || ${shown(v)} || ' is not an ISO-8601 timestamp or epoch milliseconds' || ` +
        String.raw`case when regexp_full_match(${v}, '\d{16,17}') then '; its digits look like epoch microseconds: map the field with "unit": "us"' ` +
        String.raw`when regexp_full_match(${v}, '\d{18,20}') then '; its digits look like epoch nanoseconds: map the field with "unit": "ns"' ` +
        String.raw`when regexp_full_match(${v}, '\d{1,2}\.\d{1,2}\.\d{4}( \d{1,2}:\d{2}(:\d{2})?)?') then '; a day-first date: map the field with a "format" such as "%d.%m.%Y %H:%M" and its "timezone"' else '' end`
    })
  }
  if (c.spec.kind === "instant") checks.push(rangeCheck(c))
  if (c.spec.kind === "money") {
    checks.push({
      when: `${v} is not null and ${t} is null`,
      rule: `type:${c.name}`,
      message: `${sqlString(`${c.name} `)} || ${shown(v)} || ' is not a decimal number' || ` +
        String.raw`case when regexp_full_match(${v}, '[+-]?\d+(\.\d{3})*,\d+') then '; a decimal comma? set csv.decimal to "," in its mapping' else '' end`
    })
  }
  if (c.spec.kind === "integer") {
    checks.push({
      when: `${v} is not null and ${t} is null`,
      rule: `type:${c.name}`,
      message: `${sqlString(`${c.name} `)} || ${shown(v)} || ' is not a whole number' || ` +
        String.raw`case when regexp_full_match(${v}, '.*[[:alpha:]].*') then '; a label where a number belongs (a survey exported as choice text? export numeric values, or map the labels with "values")' else '' end`
    })
    if (c.spec.min !== undefined && c.spec.max !== undefined) {
      checks.push({
        when: `${t} not between ${c.spec.min} and ${c.spec.max}`,
        rule: `range:${c.name}`,
        message: `${sqlString(`${c.name} `)} || ${t} || ${sqlString(` is outside ${c.spec.min}-${c.spec.max}`)}`
      })
    }
  }
  if (c.spec.values !== undefined) {
    checks.push({
      when: `${v} is not null and ${v} not in (${c.spec.values.map(sqlString).join(", ")})`,
      rule: `enum:${c.name}`,
      message: `${sqlString(`${c.name} `)} || ${shown(v)} || ${sqlString(` is not one of ${c.spec.values.join(", ")}`)}`
    })
  }
  return checks
}

const isNumber = (v: string) => `regexp_full_match(${v}, '-?\\d+(\\.\\d+)?')`
const plausible = (instant: string) => `(${instant} between $min_at::timestamptz and $max_at::timestamptz)`

/**
 * No silent misreads: an instant before ingest.minTimestamp, or more than a day after the run
 * started, is almost always a value read the wrong way. The message names the likely cause.
 * Only `promised_at` may lie in the future (a delivery promised for next week).
 */
const rangeCheck = (c: SourceColumn): Check => {
  const v = `t.${c.name}`
  const t = `t.${c.name}__typed`
  const future = c.spec.future === true
  const early = `${t} < $min_at::timestamptz`
  const late = future ? "false" : `${t} > $max_at::timestamptz`
  // digits that spell a date and time (a till's 20260301101500) read as epoch milliseconds
  const dateDigits = (seconds: boolean) =>
    `regexp_full_match(${v}, '(19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])([01]\\d|2[0-3])[0-5]\\d${seconds ? "[0-5]\\d" : ""}')`
  const hint = `case
      when ${dateDigits(true)} then ' looks like a date and time written as digits: map the field with "format": "%Y%m%d%H%M%S"'
      when ${dateDigits(false)} then ' looks like a date and time written as digits: map the field with "format": "%Y%m%d%H%M"'
      when ${early} and ${isNumber(v)} and ${plausible(`to_timestamp(try_cast(${v} as double))`)}
        then ' looks like epoch seconds read as milliseconds: map the field with "unit": "s"'
      when ${early} then ' is before ingest.minTimestamp: a placeholder date, a wrong format or unit?'
      when ${isNumber(v)} then ' is more than a day after the run started: a wrong unit?'
      else ' is more than a day after the run started: day and month swapped, or a wrong format or time zone?'
    end`
  return {
    when: `(${early} or ${late})`,
    rule: `range:${c.name}`,
    message: `${sqlString(`${c.name} `)} || ${shown(v)} || ' (' || strftime(${t}, '%Y-%m-%d %H:%M:%S UTC') || ')' || ${hint}`
  }
}

const rowRuleCheck = (r: RowRule): Check => {
  if (r.kind === "requiredWhen") {
    const missing = r.fields.map((f) => `t.${f}__typed is null`)
    const below = Object.entries(r.atLeast ?? {}).map(([f, min]) => `t.${f}__typed < ${min}`)
    return {
      when: `t.${r.when.field}__typed = ${sqlString(r.when.equals)} and (${[...missing, ...below].join(" or ")})`,
      rule: r.rule,
      message: sqlString(r.message)
    }
  }
  const cases = Object.entries(r.ranges)
    .map(([value, [lo, hi]]) => `when ${sqlString(value)} then t.${r.field}__typed not between ${lo} and ${hi}`)
    .join(" ")
  // the value and its kind first, so a user sees which answer on which scale
  const shownValue = `${sqlString(`${r.field} `)} || t.${r.field}__typed::varchar || ' for ' || t.${r.by}__typed || ': '`
  return { when: `coalesce(case t.${r.by}__typed ${cases} end, false)`, rule: r.rule, message: `${shownValue} || ${sqlString(r.message)}` }
}

/**
 * Raw rows to validate: the raw table, whose row id is each row's record, or a select of the
 * raw table's columns with an expression over them that gives each row a record of its own.
 */
export interface RawRows {
  readonly relation: string
  readonly record: string
}

/**
 * A select over the raw rows of one source that returns every row with its typed,
 * pseudonymised columns and, for a row that breaks a rule, the first rule it breaks.
 * Parameters: $timezone, $pii_ipad, $pii_opad, $min_at and $max_at (the plausible window of instants).
 */
export const validationSql = (source: SourceName, rows: RawRows = { relation: rawTable(source), record: "rowid" }): string => {
  const columns = sourceColumns(source)
  const trimmed = columns.map((c) => `nullif(trim(${c.name}), '') as ${c.name}`)
  const typed = columns.map((c) =>
    c.spec.pii !== undefined
      ? `${hmacExpression(normalisedPii(c, `r.${c.name}`))} as ${stagingName(c)}`
      : mayHoldEmail(c)
      ? `${stagedId(`r.${c.name}`)} as ${c.name}__typed`
      : `${typedExpression(c, `r.${c.name}`)} as ${c.name}__typed`
  )
  const output = columns.map((c) => (c.spec.pii === undefined ? `t.${c.name}__typed as ${c.name}` : `t.${stagingName(c)}`))
  const checks = [
    { when: "t.parse_error is not null", rule: "parse", message: "t.parse_error" },
    { when: "t.map_rule is not null", rule: "", ruleSql: "t.map_rule", message: "t.map_message" },
    ...columns.flatMap(columnChecks),
    ...sources[source].rules.map(rowRuleCheck)
  ]
  // a row the mapping's filter leaves out is counted, never quarantined
  const ruleCase = `case when t.filtered then null ${checks.map((c) => `when ${c.when} then ${c.ruleSql ?? sqlString(c.rule)}`).join("\n    ")} end`
  const messageCase = `case ${checks.map((c) => `when ${c.when} then ${c.message}`).join("\n    ")} end`
  return `with r as (
  -- record: the raw row itself (a mapping may make several rows of one line: explode)
  select file_id, row_number, ${rows.record} as record, parse_error, raw, filtered, map_rule, map_message,
    ${trimmed.join(",\n    ")}
  from ${rows.relation} as raw_rows
),
t as (
  select r.*,
    ${typed.join(",\n    ")}
  from r
),
checked as (
  select t.*, ${ruleCase} as rule
  from t
)
-- Raw content is only kept for rejected rows: carrying every accepted line's text through the
-- validation doubled its memory for nothing.
select t.file_id, t.row_number, t.record, t.filtered,
  case when t.rule is not null then
    coalesce(t.raw, json_object(${columns.map((c) => `${sqlString(c.name)}, ${c.spec.pii === undefined ? `t.${c.name}` : `case when t.${c.name} is not null then '***' end`}`).join(", ")})::varchar)
  end as raw,
  ${output.join(",\n  ")},
  t.rule,
  case when t.rule is not null then ${messageCase} end as message
from checked as t`
}

/** Staging column names in order, for inserts. */
export const stagingColumnNames = (source: SourceName): ReadonlyArray<string> => sourceColumns(source).map(stagingName)

export const piiFieldNames = (source: SourceName): ReadonlyArray<string> =>
  sourceColumns(source).filter((c) => c.spec.pii !== undefined).map((c) => c.name)
