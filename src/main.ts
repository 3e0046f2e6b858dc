/**
 * Entry point: composes the platform layer, runs the CLI, and turns failures into one line on
 * stderr and the contract's exit code.
 */
import { HelpDoc, ValidationError } from "@effect/cli"
// the submodule: the package index also loads the HTTP server and client (about 0.5 s at start-up)
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Cause, Effect, Exit, Fiber, Logger, LogLevel } from "effect"
import { cli } from "./cli/commands.ts"
import { exitCodeFor } from "./cli/exit-codes.ts"
import { compactHelp, stripAnsi } from "./cli/help-text.ts"
import { logFormatFrom, loggerLayer } from "./cli/log-lines.ts"

// @effect/cli prints a bad command line itself, through Console.error (nothing else of ours
// uses it): held back here, so the line is printed once, the project's way (below).
const heldBack: Array<string> = []

const program = Effect.flatMap(Effect.console, (console) =>
  cli(process.argv).pipe(
    Effect.provide(NodeContext.layer),
    Effect.provide(loggerLayer(logFormatFrom(process.env, process.stderr.isTTY === true))),
    Effect.withConsole({ ...console, error: (...args) => Effect.sync(() => void heldBack.push(args.map(String).join(" "))) }),
    Logger.withMinimumLogLevel(LogLevel.Info)
  ))

const commands = ["run", "validate", "generate", "status", "schedule", "forget", "quarantine"]
const commandAsked = process.argv.slice(2).find((a) => commands.includes(a))
const hint = commandAsked === undefined ? "see 'pnpm pipeline --help'" : `see 'pnpm pipeline ${commandAsked} --help' for its options`

const plain = (text: string) =>
  stripAnsi(text).split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter((p) => p !== "").join("; ")

const messageOf = (error: unknown): string => {
  if (ValidationError.isValidationError(error)) {
    const text = "error" in error ? plain(HelpDoc.toAnsiText(error.error)) : ""
    return `${text === "" ? "invalid command line" : text.charAt(0).toLowerCase() + text.slice(1)}; ${hint}`
  }
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") return error.message
  return String(error)
}

const tagOf = (error: unknown): string =>
  ValidationError.isValidationError(error)
    ? "ValidationError"
    : typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : "Unknown"

// With --json a script reads stdout: it gets one JSON object whatever happens, a failure too.
const wantsJson = process.argv.slice(2).includes("--json")
const outcomeOf = (code: number): string =>
  code === 2 ? "usage_error" : code === 3 ? "quarantine_limit" : code === 130 ? "interrupted" : "failed"
// `status` and `validate` print their whole report as JSON and then fail with a verdict: their
// object is already out, a second would break the reader
const verdicts = new Set(["StatusUnhealthy", "ValidationFailed"])
const reportJson = (code: number, message: string, error: unknown) => {
  if (!wantsJson || verdicts.has(tagOf(error))) return
  // the error's own fields (a quarantine stop's source, counts and run id) come along
  const fields = typeof error === "object" && error !== null && !ValidationError.isValidationError(error)
    ? Object.fromEntries(Object.entries(error).filter(([k, v]) => k !== "_tag" && k !== "message" && (typeof v !== "object" || v === null)))
    : {}
  process.stdout.write(`${JSON.stringify({ outcome: outcomeOf(code), error: message, exit_code: code, ...fields })}\n`)
}

// --help: the library's text, captured and made short (src/cli/help-text.ts)
const helpAsked = process.argv.slice(2).some((a) => a === "--help" || a === "-h")
let helpText = ""
const writeStdout = process.stdout.write.bind(process.stdout)
if (helpAsked) {
  process.stdout.write = ((chunk: string | Uint8Array) => {
    helpText += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8")
    return true
  }) as typeof process.stdout.write
}
const showHelp = () => {
  if (!helpAsked) return
  process.stdout.write = writeStdout
  writeStdout(compactHelp(helpText, process.stdout.isTTY === true && process.env["NO_COLOR"] === undefined))
}

const fiber = Effect.runFork(program)
// SIGINT/SIGTERM interrupt the program: a run in progress stops its query and leaves the
// published link on the previous complete version; a second signal exits at once.
let signalled = false
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(130)
    signalled = true
    process.stderr.write(`touchpoint: ${signal} received, stopping\n`)
    Effect.runFork(Fiber.interrupt(fiber))
  })
}

// A pending promise keeps no process alive: should the program ever wait on something that
// cannot happen, Node would exit 0 having printed nothing. Say so and fail instead.
let finished = false
process.on("beforeExit", () => {
  if (finished) return
  process.stderr.write("touchpoint: internal error: the command stopped before it finished (nothing left to wait on); please report it\n")
  process.exit(70)
})

Effect.runPromise(Fiber.await(fiber)).then((exit) => {
  finished = true
  showHelp()
  if (Exit.isSuccess(exit)) return process.exit(0)
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") {
    const message = messageOf(failure.value)
    // a line per problem (a configuration lists every wrong key), each one recognisably ours
    process.stderr.write(message.split("\n").map((line) => `touchpoint: ${line}\n`).join(""))
    const code = exitCodeFor(tagOf(failure.value))
    reportJson(code, message, failure.value)
    return process.exit(code)
  }
  if (Cause.isInterruptedOnly(exit.cause)) {
    process.stderr.write("touchpoint: interrupted\n")
    reportJson(130, "interrupted (SIGINT/SIGTERM); nothing new was published", null)
    return process.exit(130)
  }
  for (const line of heldBack) process.stderr.write(`${line}\n`)
  process.stderr.write(`touchpoint: unexpected error\n${Cause.pretty(exit.cause)}\n`)
  reportJson(1, `unexpected error: ${Cause.pretty(exit.cause).split("\n")[0] ?? ""}`, null)
  return process.exit(1)
})
