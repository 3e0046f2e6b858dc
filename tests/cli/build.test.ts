/**
 * `pnpm build` bundles the CLI and the chain-fit worker (src/build.mjs). The tests otherwise run
 * the sources, so this builds a copy of the project and runs the bundle on the sample inbox:
 * a package the bundle cannot carry, or a worker it cannot find, fails here and not first in
 * a nightly job.
 */
import { spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..", "..")

describe("the build", () => {
  const dir = mkdtempSync(join(tmpdir(), "tp-build-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("bundles a CLI that runs the whole pipeline, fit worker included, on the sample inbox", () => {
    for (const d of ["src", "schemas", "pipelines"]) cpSync(join(root, d), join(dir, d), { recursive: true })
    for (const f of ["package.json", "tsconfig.json", "pnpm-lock.yaml"]) cpSync(join(root, f), join(dir, f))
    for (const d of ["sql", "node_modules"]) symlinkSync(join(root, d), join(dir, d))
    const build = spawnSync(process.execPath, [join(dir, "src", "build.mjs")], { cwd: dir, encoding: "utf8" })
    expect(build.status, build.stderr).toBe(0)
    expect(existsSync(join(dir, "dist", "src", "main.js")) && existsSync(join(dir, "dist", "src", "chain-fit-worker.js"))).toBe(true)

    const run = spawnSync(
      process.execPath,
      [join(dir, "src", "launch.mjs"), "run", "--inbox", join(root, "sample", "inbox"), "--out", join(dir, "out"), "--warehouse", join(dir, "w.duckdb"), "--json"],
      { cwd: dir, encoding: "utf8", env: { ...process.env, TOUCHPOINT_REQUIRE_BUILD: "1", TOUCHPOINT_PII_KEY: "build-test" } }
    )
    expect(run.status, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout) as { outcome: string; stages: Array<{ stage: string }>; outputs: Array<{ table: string; rows: number }> }
    expect(summary.outcome).toBe("success")
    expect(summary.stages.map((s) => s.stage)).toContain("attribution_chain")
    // the Markov and Shapley shares come from the worker thread
    expect(summary.outputs.find((o) => o.table === "attribution_models")?.rows).toBeGreaterThan(0)
  }, 120_000)
})
