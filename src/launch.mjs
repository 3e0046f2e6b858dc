// Starts the CLI (`pnpm pipeline`). The compiled build in dist/ (`pnpm build`, which
// `pnpm install` runs) starts about 0.7 s sooner than the TypeScript sources run through tsx,
// whose loader hooks see every module effect, the CLI and DuckDB load. The build is used only
// while it is at least as new as every source file, so an edited or updated checkout never
// runs stale code: it runs the sources until the next build. Plain JavaScript, so it needs
// neither.
import { readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const root = fileURLToPath(new URL("..", import.meta.url))
const dist = join(root, "dist")

const sources = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []
  )

const built = (source) => {
  try {
    return statSync(join(dist, relative(root, source)).replace(/\.ts$/, ".js")).mtimeMs >= statSync(source).mtimeMs
  } catch {
    return false
  }
}

if (["src", "schemas", "pipelines"].every((dir) => sources(join(root, dir)).every(built))) {
  await import(pathToFileURL(join(dist, "src", "main.js")).href)
} else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("./main.ts")
}
