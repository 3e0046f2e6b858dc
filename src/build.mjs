// `pnpm build` (and `pnpm install`, through `prepare`): compiles src/, schemas/ and pipelines/
// into a fresh dist/ with tsc (no type checks: those are `pnpm typecheck`), then writes the
// stamp of the sources as they were when the build started (see build-stamp.mjs).
import { execFileSync } from "node:child_process"
import { createRequire } from "node:module"
import { rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildStamp, stampFile } from "./build-stamp.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const stamp = buildStamp(root)
// a fresh folder: a compiled file whose source is gone must not be importable
rmSync(join(root, "dist"), { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--noCheck"], { stdio: "inherit" })
writeFileSync(stampFile(root), `${stamp}\n`)
