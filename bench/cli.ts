/**
 * How the benchmarks start the CLI: as `pnpm pipeline` does (src/launch.mjs), after building
 * dist/ so that what is measured is the compiled program a nightly job runs, not the sources
 * through tsx.
 */
import { execFileSync } from "node:child_process"
import { createRequire } from "node:module"
import { join } from "node:path"

const root = join(import.meta.dirname, "..")
let built = false

/** The command line that runs the CLI; builds dist/ the first time it is called. */
export const cliCommand = (): ReadonlyArray<string> => {
  if (!built) {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
    execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--noCheck"], { stdio: "inherit" })
    built = true
  }
  return [process.execPath, join(root, "src", "launch.mjs")]
}
