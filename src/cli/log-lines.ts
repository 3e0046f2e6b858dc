/**
 * Log lines on stderr: one readable line each on a terminal, JSON lines when stderr is not a
 * terminal (a cron mail, a log collector) or when `TOUCHPOINT_LOG_FORMAT=json` asks for them
 * (`human` asks for the readable lines anywhere). Colour only on a terminal without NO_COLOR.
 */
import { Cause, HashMap, Inspectable, type Layer, Logger, type LogLevel } from "effect"

export type LogFormat = "human" | "json"

export const logFormatFrom = (env: Readonly<Record<string, string | undefined>>, stderrIsTerminal: boolean): LogFormat => {
  const asked = env["TOUCHPOINT_LOG_FORMAT"]?.trim().toLowerCase()
  if (asked === "json" || asked === "human") return asked
  return stderrIsTerminal ? "human" : "json"
}

const colours: Partial<Record<LogLevel.LogLevel["_tag"], string>> = { Warning: "33", Error: "31", Fatal: "31", Info: "36" }

const valueText = (v: unknown): string =>
  typeof v === "string" ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v) ?? String(v)

/** A message part: text as it is, an object (`Effect.logInfo("...", { run_id })`) as key=value pairs. */
const partText = (m: unknown): string =>
  typeof m === "string"
    ? m
    : typeof m === "object" && m !== null && !Array.isArray(m)
    ? Object.entries(m).map(([k, v]) => `${k}=${valueText(v)}`).join(" ")
    : Inspectable.format(m)

/**
 * `touchpoint: warn: <message> key=value …`, with the cause's first line when there is one.
 * Spans are left out: they time stages, which the run summary reports.
 */
export const humanLogger = (colour: boolean) =>
  Logger.make<unknown, string>(({ annotations, cause, logLevel, message }) => {
    const text = (Array.isArray(message) ? message : [message]).map(partText).join(" ")
    const fields = [...HashMap.toEntries(annotations)].map(([k, v]) => `${k}=${valueText(v)}`)
    const level = logLevel.label.toLowerCase()
    const code = colours[logLevel._tag]
    const shown = colour && code !== undefined ? `\u001b[${code}m${level}\u001b[0m` : level
    const because = Cause.isEmpty(cause) ? [] : [`(${Cause.pretty(cause).split("\n")[0] ?? ""})`]
    return `touchpoint: ${shown}: ${[text, ...fields, ...because].join(" ")}`
  })

/** The logger of the CLI, writing to stderr in `format`. */
export const loggerLayer = (format: LogFormat): Layer.Layer<never> =>
  Logger.replace(
    Logger.defaultLogger,
    Logger.withConsoleError(
      format === "json" ? Logger.jsonLogger : humanLogger(process.stderr.isTTY === true && process.env["NO_COLOR"] === undefined)
    )
  )
