/**
 * Field builders for the source schemas. Each builder returns an Effect Schema that accepts
 * the value as it arrives in any input format (JSON value or CSV/Parquet text) and carries a
 * `ColumnSpec` annotation. The DuckDB staging columns and the set-wise validation SQL are
 * derived from these annotations (see src/ingest/source-columns.ts), so the rules are written
 * once, here.
 */
import { Schema } from "effect"

export const ColumnSpecId: unique symbol = Symbol.for("touchpoint/ColumnSpec")

export type ColumnKind = "text" | "instant" | "money" | "integer"

export interface ColumnSpec {
  readonly kind: ColumnKind
  /** Allowed values (text columns). */
  readonly values?: ReadonlyArray<string>
  /** Inclusive bounds (integer columns). */
  readonly min?: number
  readonly max?: number
  /** Identifiers that are normalised and replaced by a keyed hash at ingest. */
  readonly pii?: "email" | "phone"
  /** Instants that may lie in the future (a promised delivery), so the plausibility check spares them. */
  readonly future?: boolean
}

const annotate = <S extends Schema.Schema.Any>(schema: S, spec: ColumnSpec): S =>
  schema.annotations({ [ColumnSpecId]: spec }) as S

const nonBlank = (s: string) => s.trim().length > 0

/** Any non-empty string. */
export const text = () =>
  annotate(Schema.String.pipe(Schema.filter(nonBlank, { message: () => "must not be empty" })), {
    kind: "text"
  })

/** One of a closed set of strings. */
export const oneOf = <const L extends ReadonlyArray<string>>(values: L) =>
  annotate(Schema.String.pipe(Schema.filter((s) => values.includes(s.trim()), {
    message: () => `must be one of ${values.join(", ")}`
  })), { kind: "text", values })

const ISO_WITH_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/

/**
 * An instant: ISO-8601 with offset or Z, ISO-8601 without offset (read in the business time
 * zone), or a number of epoch milliseconds.
 */
export const instant = (options: { readonly future?: boolean } = {}) =>
  annotate(
    Schema.Union(
      Schema.Number.pipe(Schema.int()),
      Schema.String.pipe(Schema.filter((s) => /^-?\d+$/.test(s.trim()) || ISO_WITH_DATE.test(s.trim()), {
        message: () => "must be ISO-8601 or epoch milliseconds"
      }))
    ),
    options.future === true ? { kind: "instant", future: true } : { kind: "instant" }
  )

const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/

/** A decimal amount of money, as a JSON number or numeric text. */
export const money = () =>
  annotate(
    Schema.Union(Schema.Number, Schema.String.pipe(Schema.filter((s) => NUMERIC.test(s), { message: () => "must be a number" }))),
    { kind: "money" }
  )

/** A whole number within inclusive bounds, as a JSON number or text. */
export const integerBetween = (min: number, max: number) => {
  const inRange = (n: number) => Number.isInteger(n) && n >= min && n <= max
  return annotate(
    Schema.Union(
      Schema.Number.pipe(Schema.filter(inRange, { message: () => `must be a whole number from ${min} to ${max}` })),
      Schema.String.pipe(Schema.filter((s) => NUMERIC.test(s) && inRange(Number(s)), {
        message: () => `must be a whole number from ${min} to ${max}`
      }))
    ),
    { kind: "integer", min, max }
  )
}

export const email = () => annotate(Schema.String, { kind: "text", pii: "email" })
export const phone = () => annotate(Schema.String, { kind: "text", pii: "phone" })

/**
 * Rules that involve more than one field. They are data so that the SQL validator and the
 * Schema filter both read them.
 */
export type RowRule =
  | {
    readonly rule: string
    readonly kind: "requiredWhen"
    readonly when: { readonly field: string; readonly equals: string }
    readonly fields: ReadonlyArray<string>
    /** Inclusive lower bounds that apply under the same condition. */
    readonly atLeast?: Readonly<Record<string, number>>
    readonly message: string
  }
  | {
    readonly rule: string
    readonly kind: "rangeBy"
    readonly field: string
    readonly by: string
    readonly ranges: Readonly<Record<string, readonly [number, number]>>
    readonly message: string
  }

