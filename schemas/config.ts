/**
 * The configuration file (contract section 2). Every key has a default, so an empty file, or no
 * file at all, is a valid configuration. Decoded once at start; nothing else reads the
 * environment except the PII key (see src/config/load-config.ts).
 */
import { Schema } from "effect"
import { Sources } from "./mapping.ts"
import { TimeZone } from "./time-zone.ts"

export { TimeZone }

const Share = Schema.Number.pipe(Schema.between(0, 1, { message: () => "must be a number from 0 to 1" }))
const PositiveInt = Schema.Number.pipe(Schema.int({ message: () => "must be a whole number" }), Schema.positive({ message: () => "must be greater than 0" }))
const PositiveNumber = Schema.Number.pipe(Schema.positive({ message: () => "must be greater than 0" }))
const NonEmpty = Schema.String.pipe(Schema.minLength(1, { message: () => "must not be empty" }))

const withDefault = <S extends Schema.Schema<any, any, never>>(schema: S, value: () => Schema.Schema.Type<S>) =>
  Schema.optionalWith(schema, { default: value, exact: true })

export const Paths = Schema.Struct({
  inbox: withDefault(NonEmpty, () => "sample/inbox"),
  warehouse: withDefault(NonEmpty, () => "data/touchpoint.duckdb"),
  out: withDefault(NonEmpty, () => "out"),
  /**
   * Also publish each run's tables as a plain folder here (no link), replaced as a whole per run,
   * for readers that cannot follow `out`'s link (Power BI on Windows); null: none.
   */
  plainOut: withDefault(Schema.NullOr(NonEmpty), () => null)
})

export const Journeys = Schema.Struct({
  sessionTimeoutMinutes: withDefault(PositiveNumber, () => 30),
  lookbackDays: withDefault(PositiveNumber, () => 30)
})

export const Identity = Schema.Struct({
  /** An identifier linked to more distinct identifiers of one other type than this is shared. */
  maxLinksPerType: withDefault(PositiveInt, () => 20),
  /** Raw values (before pseudonymisation) that never link anything. */
  blocklist: withDefault(Schema.Array(Schema.String), () => ["", "0000", "test@example.com", "unknown", "n/a"])
})

const oneOfLiterals = <const L extends ReadonlyArray<string | number>>(...values: L) =>
  Schema.Literal(...values).annotations({ message: () => ({ message: `must be one of ${values.join(", ")}`, override: true }) })

export const AttributionModel = oneOfLiterals(
  "first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay", "markov", "shapley"
)

export const Attribution = Schema.Struct({
  models: withDefault(Schema.Array(AttributionModel), () => [
    "first_touch", "last_touch", "last_non_direct", "linear", "position_based", "time_decay", "markov", "shapley"
  ] as const),
  positionBased: withDefault(
    Schema.Struct({ first: Share, last: Share }).pipe(
      Schema.filter((w) => w.first + w.last <= 1, { message: () => "first + last must not exceed 1" })
    ),
    () => ({ first: 0.4, last: 0.4 })
  ),
  timeDecayHalfLifeDays: withDefault(PositiveNumber, () => 7),
  markovOrder: withDefault(oneOfLiterals(1, 2, 3), () => 1 as const),
  pathTransform: withDefault(oneOfLiterals("none", "collapse_repeats", "unique", "first_occurrence"), () => "none" as const),
  maxPathLength: withDefault(Schema.NullOr(PositiveInt), () => null),
  bootstrapResamples: withDefault(Schema.Number.pipe(Schema.int(), Schema.nonNegative()), () => 100),
  seed: withDefault(Schema.Number.pipe(Schema.int()), () => 42)
})

const Minutes = Schema.Number.pipe(Schema.nonNegative({ message: () => "must be 0 or more minutes" }))
const HourRange = Schema.Tuple(
  Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => "must be HH:MM" })),
  Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-4]):[0-5]\d$/, { message: () => "must be HH:MM" }))
)

export const BusinessHours = Schema.Struct({
  /** Opening hours per ISO weekday (1 = Monday … 7 = Sunday); a missing day is closed. */
  weekly: Schema.Struct(Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, Schema.optional(Schema.Array(HourRange))]))),
  holidays: withDefault(Schema.Array(Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "must be YYYY-MM-DD" }))), () => [])
})

export const Kpis = Schema.Struct({
  deliveryThresholdMinutes: withDefault(Minutes, () => 45),
  supportFirstReplySlaMinutes: withDefault(Minutes, () => 240),
  supportResolutionSlaMinutes: withDefault(Minutes, () => 2880),
  reviewReplySlaMinutes: withDefault(Minutes, () => 2880),
  businessHours: withDefault(Schema.NullOr(BusinessHours), () => null),
  minSurveyResponses: withDefault(Schema.Number.pipe(Schema.int(), Schema.nonNegative()), () => 30)
})

export const ChannelRule = Schema.Struct({
  channel: NonEmpty,
  /** Regular expressions (DuckDB syntax, case-insensitive) that must all match; omitted = any. */
  source: Schema.optional(Schema.String),
  medium: Schema.optional(Schema.String),
  campaign: Schema.optional(Schema.String),
  referrer: Schema.optional(Schema.String)
})

const Level = oneOfLiterals("high", "low")
export const ContactReasonClass = Schema.Struct({ customerValue: Level, companyValue: Level })

export const Schedule = Schema.Struct({
  cron: withDefault(NonEmpty, () => "30 4 * * *"),
  timezone: withDefault(TimeZone, () => "Europe/Berlin"),
  retryAttempts: withDefault(Schema.Number.pipe(Schema.int(), Schema.nonNegative()), () => 3),
  retryBaseDelaySeconds: withDefault(PositiveNumber, () => 60),
  lockWaitSeconds: withDefault(Schema.Number.pipe(Schema.nonNegative()), () => 60),
  maxDataAgeHours: withDefault(PositiveNumber, () => 36)
})

export const Duckdb = Schema.Struct({
  threads: withDefault(PositiveInt, () => 2),
  // DuckDB's buffer manager; the process peaks 0.6–1.2 GB above it (docs/performance.md,
  // "Memory"), so 1.5GB keeps a full run of 30 M events under 3 GB and fits an 8 GB laptop.
  memoryLimit: withDefault(Schema.String.pipe(Schema.pattern(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, {
    message: () => "must be a size such as 4GB or 512MB"
  })), () => "1.5GB")
})

export const Ingest = Schema.Struct({
  /** Instants before this date (UTC) are quarantined as range:<field>: almost always a misread. */
  minTimestamp: withDefault(Schema.String.pipe(
    Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "must be a date YYYY-MM-DD" }),
    Schema.filter((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: () => "must be a real date" })
  ), () => "2000-01-01")
})

export const Retention = Schema.Struct({
  /** Events older than this many days before the newest event are dropped at each run; null keeps all. */
  days: withDefault(Schema.NullOr(PositiveInt), () => null)
})

/** What counts as a recovery after a breach (docs/cx-drivers.md, "Recovery"). */
export const recoveryActions = ["agent_reply", "review_reply", "coupon_redeemed"] as const

export const Recovery = Schema.Struct({
  /** A breach is recovered by an action within this many days; at_risk_customers looks this far back. */
  windowDays: withDefault(PositiveInt, () => 30),
  actions: withDefault(
    Schema.Array(oneOfLiterals(...recoveryActions)).pipe(Schema.minItems(1, { message: () => `must name at least one of ${recoveryActions.join(", ")}` })),
    () => [...recoveryActions]
  )
})

/** The languages the report is written in (docs/report.md). */
export const reportLanguages = ["en", "de"] as const

export const Report = Schema.Struct({
  language: withDefault(oneOfLiterals(...reportLanguages), () => "en" as const)
})

export const Config = Schema.Struct({
  paths: withDefault(Paths, () => Schema.decodeSync(Paths)({})),
  timezone: withDefault(TimeZone, () => "Europe/Berlin"),
  currency: withDefault(Schema.String.pipe(Schema.pattern(/^[A-Z]{3}$/, { message: () => "must be an ISO-4217 code such as EUR" })), () => "EUR"),
  journeys: withDefault(Journeys, () => Schema.decodeSync(Journeys)({})),
  identity: withDefault(Identity, () => Schema.decodeSync(Identity)({})),
  attribution: withDefault(Attribution, () => Schema.decodeSync(Attribution)({})),
  kpis: withDefault(Kpis, () => Schema.decodeSync(Kpis)({})),
  channelRules: withDefault(Schema.Array(ChannelRule), () => []),
  contactReasons: withDefault(Schema.Record({ key: Schema.String, value: ContactReasonClass }), () => ({})),
  quarantine: withDefault(Schema.Struct({ maxShare: withDefault(Share, () => 0.05) }), () => ({ maxShare: 0.05 })),
  schedule: withDefault(Schedule, () => Schema.decodeSync(Schedule)({})),
  duckdb: withDefault(Duckdb, () => Schema.decodeSync(Duckdb)({})),
  ingest: withDefault(Ingest, () => Schema.decodeSync(Ingest)({})),
  retention: withDefault(Retention, () => Schema.decodeSync(Retention)({})),
  recovery: withDefault(Recovery, () => Schema.decodeSync(Recovery)({})),
  report: withDefault(Report, () => Schema.decodeSync(Report)({})),
  sources: withDefault(Sources, () => ({}))
}).annotations({ identifier: "TouchpointConfig" })

export type Config = Schema.Schema.Type<typeof Config>
export type ConfigInput = Schema.Schema.Encoded<typeof Config>
