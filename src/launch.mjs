// Starts the CLI (`pnpm pipeline`). The build in dist/ (`pnpm build`, which `pnpm install`
// runs; one bundled file) starts in about 0.45 s, the TypeScript sources run through tsx in
// about 1.7 s: tsx's loader hooks slow the loading of every module, most of them Effect's.
// The build runs only while the sources are exactly what it was made from (its stamp,
// build-stamp.mjs); otherwise the sources run, so an edited or updated checkout never runs
// stale code. TOUCHPOINT_REQUIRE_BUILD=1 makes that fallback an error (CI, benchmarks).
// Plain JavaScript, so it needs neither.
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { buildStamp, stampFile } from "./build-stamp.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))

const builtStamp = () => {
  try {
    return readFileSync(stampFile(root), "utf8").trim()
  } catch {
    return null
  }
}

const built = builtStamp()
if (built !== null && built === buildStamp(root)) {
  await import(pathToFileURL(join(root, "dist", "src", "main.js")).href)
} else if (process.env["TOUCHPOINT_REQUIRE_BUILD"] === "1") {
  process.stderr.write(
    `touchpoint: ${built === null ? "there is no build in dist/" : "the build in dist/ is older than the sources"}; run \`pnpm build\` (TOUCHPOINT_REQUIRE_BUILD=1 forbids running the sources)\n`
  )
  process.exit(2)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("./main.ts")
}
