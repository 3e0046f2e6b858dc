/**
 * Source mappings (contract section 6): how a file that is not in the contract's shape becomes
 * contract events. The config key `sources.<source>.files[]` holds them; the first entry whose
 * `match` glob matches a file's path (relative to its source folder) reads it. The rules a
 * mapping must follow are checked here, at start, so a run never meets a mapping it cannot
 * carry out. docs/mappings.md explains every key.
 */
import { ParseResult, Schema } from "effect"
import picomatch from "picomatch"
import { sourceColumns, sourceNames, type SourceName } from "./sources.ts"
import { TimeZone as TimeZoneName } from "./time-zone.ts"

const literals = <const L extends ReadonlyArray<string>>(...values: L) =>
  Schema.Literal(...values).annotations({ message: () => ({ message: `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, override: true }) })

export const EpochUnit = literals("s", "ms", "us", "ns")
export type EpochUnit = Schema.Schema.Type<typeof EpochUnit>

/** strptime directives DuckDB knows; a format without any would match only one literal text. */
const StrptimeFormat = Schema.String.pipe(
  Schema.filter((f) => /%[a-zA-Z]/.test(f), { message: () => "must be a strptime pattern such as \"%d.%m.%Y %H:%M\"" })
)

const NonEmpty = Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" }))

// steps: .name, ."quoted name", [n], and at most one [?(@.key=='value')] (an element of a list by a field's value)
const JSON_PATH = /^\$(\.("[^"]+"|[^.[\]"?]+)|\[\d+\]|\[\?\(@\.[A-Za-z_][A-Za-z0-9_]*\s*==\s*'[^']*'\)\])+\??$/
const pathMessage = "must be a JSON path such as \"$.context.page.url\", \"$.items[0].id\" or \"$.event_params[?(@.key=='page_location')].value.string_value\""
const oneFilter = (p: string) => (p.match(/\[\?\(/g) ?? []).length <= 1

/** A JSON path into a record: `$.a.b`, `$.list[0].x`, `$."key with spaces"`. */
export const JsonPath = Schema.String.pipe(Schema.filter((p) => JSON_PATH.test(p) && oneFilter(p), { message: () => pathMessage }))

/** A column name, or a `$.` JSON path: where a value is read from. */
export const ValueRef = NonEmpty.pipe(Schema.filter((s) => !s.startsWith("$") || (JSON_PATH.test(s) && oneFilter(s)), { message: () => pathMessage }))

const FilterRule = Schema.Struct({
  column: Schema.optional(NonEmpty),
  path: Schema.optional(JsonPath),
  in: Schema.optional(Schema.Array(Schema.String)),
  notIn: Schema.optional(Schema.Array(Schema.String))
}).pipe(
  Schema.filter((f) =>
    (f.column === undefined) === (f.path === undefined) ? "must have exactly one of column, path" :
      (f.in === undefined) === (f.notIn === undefined) ? "must have exactly one of in, notIn" : true
  )
)
export type FilterRule = Schema.Schema.Type<typeof FilterRule>

/**
 * A coalesce entry read only where its condition holds, e.g. a Segment message's `event` unless
 * the message is a screen: `{ "from": "event", "when": { "path": "$.type", "notIn": ["screen"] } }`.
 */
const ConditionalRef = Schema.Struct({ from: ValueRef, when: FilterRule })
export type ConditionalRef = Schema.Schema.Type<typeof ConditionalRef>

const FieldObject = Schema.Struct({
  column: Schema.optional(NonEmpty),
  path: Schema.optional(JsonPath),
  const: Schema.optional(Schema.Union(Schema.String, Schema.Number, Schema.Boolean)),
  template: Schema.optional(Schema.String.pipe(
    Schema.filter((t) => /\{[^{}]+\}/.test(t), { message: () => "must name at least one column in braces, e.g. \"{Filiale}-{Bon-Nr}\"" }),
    Schema.filter((t) => [...t.matchAll(/\{([^{}]+)\}/g)].every((m) => !(m[1] ?? "").startsWith("$") || JSON_PATH.test(m[1] ?? "")), { message: () => pathMessage })
  )),
  hash: Schema.optional(Schema.Array(ValueRef).pipe(Schema.minItems(1, { message: () => "must list at least one column or path" }))),
  coalesce: Schema.optional(Schema.Array(Schema.Union(ValueRef, ConditionalRef)).pipe(Schema.minItems(1, { message: () => "must list at least one column or path" }))),
  values: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.String) })),
  format: Schema.optional(StrptimeFormat),
  timezone: Schema.optional(TimeZoneName),
  unit: Schema.optional(EpochUnit),
  /** A regular expression with one group: the field is the text the group captures. */
  pattern: Schema.optional(Schema.String.pipe(Schema.filter((p) => {
    try {
      new RegExp(p)
      // DuckDB runs it with RE2, which has no look-around and no back-references
      if (/\(\?<?[=!]|\\[1-9]/.test(p)) return "must not use look-around or back-references (DuckDB's regular expressions are RE2)"
      return /\((?!\?)|\(\?P?<[A-Za-z]/.test(p) ? true : "must have one capturing group ( … ): the field is what it captures"
    } catch (e) {
      return `is not a regular expression: ${e instanceof Error ? e.message : String(e)}`
    }
  }))),
  /** Lower- or upper-cases the value (Qualtrics writes language codes as EN, the contract wants en). */
  case: Schema.optional(literals("lower", "upper")),
  scale: Schema.optional(Schema.Number.pipe(Schema.filter((n) => Number.isFinite(n) && n !== 0, { message: () => "must be a number other than 0, e.g. 0.01 for cents" })))
}).pipe(
  Schema.filter((f) => {
    const kinds = fieldKinds.filter((k) => f[k] !== undefined)
    return kinds.length === 1 || `must have exactly one of ${fieldKinds.join(", ")} (found ${kinds.length === 0 ? "none" : kinds.join(", ")})`
  })
)

const fieldKinds = ["column", "path", "const", "template", "hash", "coalesce"] as const
export type FieldKind = (typeof fieldKinds)[number]

/** A string is a column name, or a JSON path when it starts with `$.`. */
// the object first: a wrong object is then reported by its own rules, not as "expected string"
export const FieldSpec = Schema.Union(FieldObject, ValueRef).annotations({
  message: (issue) =>
    typeof issue.actual === "string"
      ? { message: `${JSON.stringify(issue.actual)} is not a column name or a valid JSON path (${pathMessage})`, override: true }
      : { message: "must be a column name, a JSON path, or an object", override: false }
})
export type FieldSpec = Schema.Schema.Type<typeof FieldSpec>
export type FieldObject = Schema.Schema.Type<typeof FieldObject>

export const encodings = ["utf-8", "windows-1252", "iso-8859-1", "iso-8859-15", "utf-16"] as const
export type Encoding = (typeof encodings)[number]

const QuoteChar = Schema.String.pipe(Schema.maxLength(1, { message: () => "must be a single character, or \"\" for none" }))
const Count = Schema.Number.pipe(Schema.int({ message: () => "must be a whole number" }), Schema.nonNegative({ message: () => "must be 0 or more" }))

export const CsvDialect = Schema.Struct({
  delimiter: Schema.optional(literals(",", ";", "\t", "|", "auto")),
  quote: Schema.optional(QuoteChar),
  decimal: Schema.optional(literals(".", ",")),
  thousands: Schema.optional(literals(",", ".", " ", "'", "")),
  encoding: Schema.optional(literals(...encodings, "utf-8-bom", "latin-1", "cp1252", "utf8")),
  skipRows: Schema.optional(Count),
  headerRows: Schema.optional(Count),
  /** false: the file has no header line; `columns` names its columns in order (Snowplow's enriched TSV). */
  header: Schema.optional(Schema.Boolean),
  columns: Schema.optional(Schema.Array(NonEmpty).pipe(Schema.minItems(1, { message: () => "must name at least one column" }))),
  /** Cell texts that mean "no value", besides an empty cell: MySQL's `\N`, `NULL`. */
  nullValues: Schema.optional(Schema.Array(NonEmpty).pipe(Schema.minItems(1, { message: () => "must list at least one text, e.g. [\"\\\\N\", \"NULL\"]" })))
}).pipe(
  Schema.filter((d) =>
    d.decimal === undefined || d.thousands === undefined || d.decimal !== d.thousands ||
    `decimal and thousands must differ (both are ${JSON.stringify(d.decimal)})`
  ),
  Schema.filter((d) => (d.header === false) === (d.columns !== undefined) || "columns names the columns of a file without a header: give both header: false and columns, or neither")
)
export type CsvDialect = Schema.Schema.Type<typeof CsvDialect>

export const Timestamps = Schema.Struct({
  format: Schema.optional(StrptimeFormat),
  timezone: Schema.optional(TimeZoneName),
  unit: Schema.optional(EpochUnit)
})



export const presetNames = ["ga4", "segment", "snowplow", "shopify_orders", "zendesk", "qualtrics", "trustpilot", "google_reviews"] as const
export type PresetName = (typeof presetNames)[number]

/** Which sources each preset loads. */
export const presetSources: Readonly<Record<PresetName, ReadonlyArray<SourceName>>> = {
  ga4: ["web"],
  segment: ["web"],
  snowplow: ["web"],
  shopify_orders: ["store", "web"],
  zendesk: ["support"],
  qualtrics: ["survey"],
  trustpilot: ["review"],
  google_reviews: ["review"]
}

const QuestionList = Schema.Array(NonEmpty)

/** The options each preset takes (docs/presets/<name>.md); a preset without options takes none. */
const presetOptions: Readonly<Record<PresetName, Schema.Schema.AnyNoContext | null>> = {
  ga4: null,
  segment: Schema.Struct({ revenue: Schema.optional(literals("total", "revenue")) }),
  snowplow: null,
  shopify_orders: null,
  zendesk: Schema.Struct({
    stream: Schema.optional(literals("tickets", "comments", "audits", "ticket_field_history")),
    // via.channel values → contract channel, on top of the preset's table
    channels: Schema.optional(Schema.Record({ key: NonEmpty, value: literals("email", "phone", "chat", "chatbot", "social", "form") }))
  }),
  qualtrics: Schema.Struct({
    nps: Schema.optional(QuestionList),
    csat: Schema.optional(QuestionList),
    ces: Schema.optional(QuestionList),
    comment: Schema.optional(NonEmpty),
    touchpoint: Schema.optional(NonEmpty),
    channel: Schema.optional(NonEmpty),
    timezone: Schema.optional(TimeZoneName)
  }),
  trustpilot: null,
  google_reviews: null
}

const optionsProblem = (preset: PresetName, options: Readonly<Record<string, unknown>>): string | null => {
  const schema = presetOptions[preset]
  if (schema === null) {
    const [key] = Object.keys(options)
    return key === undefined ? null : `options.${key} is not an option of this preset (it takes none; docs/presets/${preset}.md)`
  }
  const result = Schema.decodeUnknownEither(schema, { onExcessProperty: "error", errors: "first" })(options)
  if (result._tag === "Right") return null
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(result.left)
  const key = issue === undefined ? "" : issue.path.map(String).join(".")
  const what = issue === undefined ? "is invalid" : issue._tag === "Unexpected" ? "is not an option of this preset" : issue.message
  return `options${key === "" ? "" : `.${key}`} ${what} (docs/presets/${preset}.md)`
}

/** A JSON document (not one object a line): where in it the records are. */
export const JsonDocument = Schema.Struct({
  // "$": the document is the list itself
  records: Schema.optional(Schema.Union(Schema.Literal("$"), JsonPath)),
  // where in each line (or element of records) the record is: "$._airbyte_data" of Airbyte's JSON lines
  root: Schema.optional(JsonPath),
  // a key of each record whose list holds several events (a Zendesk audit's events): one record
  // per element, the element in place of the list, the record's other keys kept
  unnest: Schema.optional(NonEmpty.pipe(Schema.pattern(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: () => "must be a plain key name (letters, digits, _)" })))
}).pipe(Schema.filter((j) => (j.records === undefined && j.unnest === undefined && j.root === undefined ? "needs records, root or unnest" : true)))

const Glob = NonEmpty.pipe(
  Schema.filter((g) => {
    if (g.startsWith("/")) return "must be relative to the source folder (no leading /)"
    try {
      picomatch.makeRe(g, { strictBrackets: true })
      return true
    } catch (e) {
      return `is not a valid glob: ${e instanceof Error ? e.message : String(e)}`
    }
  })
)

/** One of several events a record stands for: fields and filters on top of the mapping's own. */
const ExplodeEntry = Schema.Struct({
  fields: Schema.optional(Schema.Record({ key: Schema.String, value: FieldSpec })),
  filter: Schema.optional(Schema.Union(FilterRule, Schema.Array(FilterRule)))
})

export const FileMapping = Schema.Struct({
  match: Glob,
  preset: Schema.optional(literals(...presetNames)),
  options: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  fields: Schema.optional(Schema.Record({ key: Schema.String, value: FieldSpec })),
  csv: Schema.optional(CsvDialect),
  json: Schema.optional(JsonDocument),
  timestamps: Schema.optional(Timestamps),
  filter: Schema.optional(Schema.Union(FilterRule, Schema.Array(FilterRule))),
  explode: Schema.optional(Schema.Array(ExplodeEntry))
})
export type FileMapping = Schema.Schema.Type<typeof FileMapping>

/** Checks that a mapping names only contract fields of its source, each with options that fit its kind. */
const fieldsFitSource = (source: SourceName) => (m: FileMapping): true | string => {
  if (m.preset !== undefined && !presetSources[m.preset].includes(source)) {
    return `preset ${m.preset} loads ${presetSources[m.preset].join(" or ")} events, not ${source}: put these files under ${presetSources[m.preset].map((s) => `${s}/`).join(" or ")}`
  }
  if (m.preset === undefined && m.options !== undefined) return "options apply only to a preset"
  if (m.preset !== undefined) {
    const problem = optionsProblem(m.preset, m.options ?? {})
    if (problem !== null) return problem
  }
  const columns = new Map(sourceColumns(source).map((c) => [c.name, c]))
  const named = [...Object.entries(m.fields ?? {}), ...(m.explode ?? []).flatMap((e) => Object.entries(e.fields ?? {}))]
  for (const [name, spec] of named) {
    const column = columns.get(name)
    if (column === undefined) return `fields.${name} is not a ${source} field; ${source} has ${[...columns.keys()].join(", ")}`
    if (typeof spec === "string") continue
    const kind = column.spec.kind
    if (kind !== "instant") {
      for (const k of ["format", "timezone", "unit"] as const) {
        if (spec[k] !== undefined) return `fields.${name}.${k} applies only to timestamps (${name} is ${kind})`
      }
    }
    if (spec.scale !== undefined && kind !== "money" && kind !== "integer") {
      return `fields.${name}.scale applies only to numbers (${name} is ${kind})`
    }
  }
  return true
}

const SourceMappings = (source: SourceName) =>
  Schema.Struct({
    files: Schema.Array(FileMapping.pipe(Schema.filter(fieldsFitSource(source))))
  })

export const Sources = Schema.Struct(
  Object.fromEntries(sourceNames.map((s) => [s, Schema.optional(SourceMappings(s))])) as {
    readonly [K in SourceName]: Schema.optional<ReturnType<typeof SourceMappings>>
  }
)
export type Sources = Schema.Schema.Type<typeof Sources>

/** The encoding a dialect names, in canonical form (aliases such as latin-1 and cp1252 accepted). */
export const canonicalEncoding = (e: CsvDialect["encoding"]): Encoding => {
  switch (e) {
    case undefined:
    case "utf8":
    case "utf-8":
    case "utf-8-bom":
      return "utf-8"
    case "latin-1":
      return "iso-8859-1"
    case "cp1252":
      return "windows-1252"
    default:
      return e
  }
}
