/**
 * Entry point: composes the platform layer, runs the CLI, and turns failures into one line on
 * stderr and the contract's exit code.
 */
import { ValidationError } from "@effect/cli"
// the submodule: the package index also loads the HTTP server and client (about 0.5 s at start-up)
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Cause, Effect, Exit, Fiber, Logger, LogLevel } from "effect"
import { cli } from "./cli/commands.ts"
import { exitCodeFor } from "./cli/exit-codes.ts"

const logger = Logger.withConsoleError(process.stderr.isTTY ? Logger.prettyLogger() : Logger.jsonLogger)

const program = cli(process.argv).pipe(
  Effect.provide(NodeContext.layer),
  Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
  Logger.withMinimumLogLevel(LogLevel.Info)
)

const messageOf = (error: unknown): string => {
  if (ValidationError.isValidationError(error)) return "" // @effect/cli has already printed it
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") return error.message
  return String(error)
}

const tagOf = (error: unknown): string =>
  ValidationError.isValidationError(error)
    ? "ValidationError"
    : typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string"
    ? error._tag
    : "Unknown"

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

Effect.runPromise(Fiber.await(fiber)).then((exit) => {
  if (Exit.isSuccess(exit)) return process.exit(0)
  const failure = Cause.failureOption(exit.cause)
  if (failure._tag === "Some") {
    const message = messageOf(failure.value)
    if (message !== "") process.stderr.write(`touchpoint: ${message}\n`)
    return process.exit(exitCodeFor(tagOf(failure.value)))
  }
  if (Cause.isInterruptedOnly(exit.cause)) {
    process.stderr.write("touchpoint: interrupted\n")
    return process.exit(130)
  }
  process.stderr.write(`touchpoint: unexpected error\n${Cause.pretty(exit.cause)}\n`)
  return process.exit(1)
})
