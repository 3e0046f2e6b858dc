/**
 * How the benchmarks start the CLI: as `pnpm pipeline` does (src/launch.mjs), after building
 * dist/, and with TOUCHPOINT_REQUIRE_BUILD=1 so that what is measured is the compiled program a
 * nightly job runs, never the sources through tsx.
 */
import { execFileSync } from "node:child_process"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
let built = false

/** The command line that runs the CLI; builds dist/ the first time it is called. */
export const cliCommand = (): ReadonlyArray<string> => {
  if (!built) {
    execFileSync(process.execPath, [join(root, "src", "build.mjs")], { stdio: "inherit" })
    process.env["TOUCHPOINT_REQUIRE_BUILD"] = "1"
    built = true
  }
  return [process.execPath, join(root, "src", "launch.mjs")]
}
