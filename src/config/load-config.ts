/**
 * Reads and decodes the configuration once at start. The only environment variable the
 * program reads is TOUCHPOINT_PII_KEY, here, so the rest of the code gets everything it needs
 * from the decoded value.
 */
import { Effect, ParseResult, Schema } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { resolve } from "node:path"
import { Config } from "../../schemas/config.ts"
import { ConfigInvalid } from "../errors.ts"

/**
 * JSON.parse says where it stopped as a character position; a person editing the file needs the
 * line and column, and the usual cause: a comma before a closing bracket, which JSON forbids.
 */
const jsonErrorAt = (text: string, message: string): string => {
  const at = /at position (\d+)/.exec(message)
  // some messages give no position ("Unexpected token ']'"): then the first comma before a closing bracket
  const comma = at === null ? /,\s*[}\]]/.exec(text) : null
  if (at === null && comma === null) return message
  const position = at === null ? (comma?.index ?? 0) + (comma?.[0].length ?? 1) - 1 : Number(at[1])
  const before = text.slice(0, position)
  const line = before.split("\n").length
  const column = position - before.lastIndexOf("\n")
  const trailingComma = /,\s*$/.test(before) && /^\s*[}\]]/.test(text.slice(position))
  const hint = trailingComma ? "a comma before a closing } or ], which JSON does not allow?" : null
  // newer Node versions say the line and column themselves
  if (/\(line \d+ column \d+\)/.test(message)) return hint === null ? message : `${message}: ${hint}`
  return `${message} (line ${line}, column ${column}${hint === null ? "" : `; ${hint}`})`
}

export const DEFAULT_CONFIG_FILE = "touchpoint.config.json"

export interface LoadedConfig {
  readonly config: Config
  /** The file read, or null when the defaults were used. */
  readonly file: string | null
  /** The pseudonymisation key from the environment, if set. */
  readonly piiKeyFromEnv: string | null
}

const decode = Schema.decodeUnknownEither(Config, { onExcessProperty: "error", errors: "all" })

/** The value a schema message quotes after "actual". */
const actualOf = (message: string): string | undefined => /, actual ([\s\S]*)$/.exec(message)?.[1]?.trim()

const kindOf = (json: string): string =>
  json.startsWith("[") ? "a list" : json.startsWith("{") ? "an object" : json.startsWith('"') ? "a text" : /^-?\d/.test(json) ? "a number" : json

/**
 * A wrong type deep in the schema is reported with the whole expected type (thousands of
 * characters for a list of file mappings): say the kind of value instead.
 */
const shortTypeMessage = (message: string): string => {
  if (message.length <= 200) return message
  const expected = expectedKind(message)
  const actual = actualOf(message)
  if (expected === null || expected === "" || actual === undefined) return `${message.slice(0, 200)}…`
  return `must be ${expected}, not ${kindOf(actual)}`
}

/** What a schema's "Expected …" asks for, in words; "" for absence (an optional key's other form); null when it is none of these. */
const expectedKind = (message: string): string | null => {
  const expected = /^Expected (\S+)/.exec(message)?.[1] ?? ""
  if (expected === "undefined," || expected === "null,") return ""
  if (expected === "string,") return "a text"
  if (expected === "number,") return "a number"
  if (expected === "boolean,") return "true or false"
  if (/^(ReadonlyArray|Array)</.test(expected)) return "a list [ … ]"
  if (/^(\{|Struct)/.test(expected)) return "an object { … }"
  return null
}

/**
 * The line of a key's issues: the key and what is allowed. A value that fits none of a union's
 * forms has an issue per form at its key: together they say which kinds it may be.
 */
const issueLine = (issues: ReadonlyArray<ParseResult.ArrayFormatterIssue>, file: string): string => {
  const [issue] = issues
  if (issue === undefined) return `${file}: invalid configuration`
  const key = issue.path.map(String).join(".")
  if (key === "" && issue._tag === "Type") {
    return `${file}: the configuration must be a JSON object { … }, not ${kindOf(actualOf(issue.message) ?? "")}`
  }
  const kinds = issues.every((i) => i._tag === "Type") ? issues.map((i) => expectedKind(i.message)) : [null]
  const allowed = [...new Set(kinds.filter((k) => k !== ""))]
  const actual = actualOf(issue.message) ?? issues.map((i) => actualOf(i.message)).find((a) => a !== undefined)
  // a list of given values keeps them in the message: they are what to write
  const values = allowed.length === 1 && allowed[0] === "a list [ … ]" ? /^Expected (?:ReadonlyArray|Array)<(.{1,160})>, actual/.exec(issue.message)?.[1] : undefined
  const message = issue._tag === "Unexpected"
    ? "is not a known key (check its spelling)"
    : allowed.length > 0 && !allowed.includes(null) && actual !== undefined
    ? `must be ${allowed.join(" or ")}${values === undefined ? "" : ` of ${values}`}, not ${kindOf(actual)}`
    : shortTypeMessage(issue.message)
  return `${file}: config key '${key === "" ? "(root)" : key}' ${message}`
}

const samePath = (a: ReadonlyArray<PropertyKey>, b: ReadonlyArray<PropertyKey>) => a.length === b.length && a.every((k, i) => k === b[i])
const isPrefix = (a: ReadonlyArray<PropertyKey>, b: ReadonlyArray<PropertyKey>) => a.length < b.length && a.every((k, i) => k === b[i])

/** Most problems a configuration error lists; the rest are counted. */
const maxLines = 20

/**
 * A line per wrong key, naming the key and what is allowed, so a file with several mistakes is
 * fixed in one go. A value that fits none of a union's forms is reported once for each form it
 * failed, at its own key and at the keys above it (an optional key's "or nothing" form): only the
 * deepest key of such a chain gets a line.
 */
export const describeConfigError = (error: ParseResult.ParseError, file: string): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const kept = issues.filter((issue, i) =>
    !issues.some((other) => isPrefix(issue.path, other.path)) && !issues.slice(0, i).some((other) => samePath(other.path, issue.path)))
  if (kept.length === 0) return `${file}: invalid configuration`
  const lines = kept.slice(0, maxLines).map((issue) => issueLine(issues.filter((other) => samePath(other.path, issue.path)), file))
  return [...lines, ...(kept.length > maxLines ? [`${file}: and ${kept.length - maxLines} more`] : [])].join("\n")
}

export const decodeConfig = (input: unknown, file: string): Effect.Effect<Config, ConfigInvalid> => {
  const result = decode(input)
  return result._tag === "Right"
    ? Effect.succeed(result.right)
    : Effect.fail(new ConfigInvalid({ message: describeConfigError(result.left, file) }))
}

export const loadConfig = (
  path: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env
): Effect.Effect<LoadedConfig, ConfigInvalid> =>
  Effect.gen(function*() {
    const file = path ?? DEFAULT_CONFIG_FILE
    const explicit = path !== undefined
    const piiKey = env["TOUCHPOINT_PII_KEY"]
    const piiKeyFromEnv = piiKey === undefined || piiKey === "" ? null : piiKey
    if (!existsSync(file)) {
      if (explicit) return yield* new ConfigInvalid({ message: `config file ${file} does not exist` })
      const config = yield* decodeConfig({}, "defaults")
      return { config, file: null, piiKeyFromEnv }
    }
    const text = yield* Effect.try({
      try: () => readFileSync(file, "utf8"),
      catch: (e) => new ConfigInvalid({ message: `cannot read config file ${file}: ${String(e)}` })
    })
    const json = yield* Effect.try({
      try: (): unknown => JSON.parse(text),
      catch: (e) => new ConfigInvalid({ message: `${file} is not valid JSON: ${jsonErrorAt(text, e instanceof Error ? e.message : String(e))}` })
    })
    const config = yield* decodeConfig(json, file)
    return { config, file: resolve(file), piiKeyFromEnv }
  })
