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

/**
 * Writes out what the benchmark itself just wrote (a generated inbox, a copied warehouse)
 * before a measured run starts. Otherwise the run's first commit (DuckDB syncs its
 * write-ahead log) waits for the kernel to write back gigabytes of the copy: measured on a
 * night at 5 M events right after restoring the warehouse, 0.9 s more at start-up. A real
 * night starts on a warehouse written hours before.
 */
export const settleDisk = (): void => {
  execFileSync("sync", [], { stdio: "ignore" })
}
