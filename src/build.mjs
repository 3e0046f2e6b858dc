// `pnpm build` (and `pnpm install`, through `prepare`): bundles the CLI and the chain-fit
// worker, with the packages they use, into a fresh dist/src/ with esbuild (no type checks:
// those are `pnpm typecheck`), then writes the stamp of the sources as they were when the build
// started (see build-stamp.mjs). One file instead of the thousand modules of Effect and its
// packages: the CLI starts in about 0.45 s instead of 0.9–1.1 s, which every nightly run and
// every `status` call pays. DuckDB's package stays outside the bundle: it loads a native binary;
// so does parquet-wasm, which loads its WebAssembly from beside its own module.
import { build } from "esbuild"
import { rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildStamp, stampFile } from "./build-stamp.mjs"

const root = fileURLToPath(new URL("..", import.meta.url))
const stamp = buildStamp(root)
// a fresh folder: nothing from an earlier build may stay importable
rmSync(join(root, "dist"), { recursive: true, force: true })
await build({
  // the worker next to main.js: chain-models.ts finds it relative to its own (bundled) module
  entryPoints: { main: join(root, "src", "main.ts"), "chain-fit-worker": join(root, "src", "attribution", "chain-fit-worker.ts") },
  outdir: join(root, "dist", "src"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20.19",
  external: ["@duckdb/node-api", "parquet-wasm"],
  // bundled CommonJS packages call require(), which an ES module does not have
  banner: { js: "import { createRequire as __touchpointRequire } from 'node:module'; const require = __touchpointRequire(import.meta.url);" },
  logLevel: "warning"
})
writeFileSync(stampFile(root), `${stamp}\n`)
