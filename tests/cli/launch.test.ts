/**
 * src/launch.mjs runs the compiled build only while the sources are exactly what it was made
 * from (the stamp src/build.mjs writes), and the sources through tsx otherwise: an edited,
 * updated or copied checkout must never run stale code, whatever its file times say.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..", "..")

describe("launch.mjs", () => {
  let dir = ""
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  // the stamp as src/build.mjs writes it, computed by the copy under test
  const stamp = () =>
    execFileSync(process.execPath, ["--input-type=module", "-e", `import { buildStamp, stampFile } from "./src/build-stamp.mjs"
import { writeFileSync } from "node:fs"
writeFileSync(stampFile(process.cwd()), buildStamp(process.cwd()) + "\\n")`], { cwd: dir })
  const launch = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(dir, "src", "launch.mjs")], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } })

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tp-launch-"))
    write("package.json", JSON.stringify({ type: "module" }))
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"))
    mkdirSync(join(dir, "src"))
    for (const f of ["launch.mjs", "build-stamp.mjs"]) copyFileSync(join(root, "src", f), join(dir, "src", f))
    write("tsconfig.json", "{}")
    write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
    // a TypeScript-only construct, so the sources can only run through tsx
    write("src/main.ts", "const from: string = 'sources'\nconsole.log(from)\n")
    write("schemas/config.ts", "export const x: number = 1\n")
    write("pipelines/run.ts", "export const y: number = 2\n")
    write("dist/src/main.js", "console.log('dist')\n")
    stamp()
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it("runs the build while the sources are what it was made from, whatever the file times", () => {
    expect(launch().stdout.trim()).toBe("dist")
    // sources newer than the build, as after a checkout that rewrote them unchanged
    utimesSync(join(dir, "pipelines", "run.ts"), new Date(), new Date(Date.now() + 60_000))
    expect(launch().stdout.trim()).toBe("dist")
  })

  it("runs the sources when a source changed, appeared or went, even with older file times", () => {
    write("pipelines/run.ts", "export const y: number = 3\n")
    utimesSync(join(dir, "pipelines", "run.ts"), 1000, 1000)
    expect(launch().stdout.trim()).toBe("sources")
    stamp()
    write("src/new-module.ts", "export {}\n")
    expect(launch().stdout.trim()).toBe("sources")
    rmSync(join(dir, "src", "new-module.ts"))
    expect(launch().stdout.trim()).toBe("dist")
    rmSync(join(dir, "schemas", "config.ts"))
    expect(launch().stdout.trim()).toBe("sources")
  })

  it("counts tsconfig.json, package.json and the lockfile as sources, and runs the sources when there is no build", () => {
    write("tsconfig.json", '{ "compilerOptions": {} }')
    expect(launch().stdout.trim()).toBe("sources")
    stamp()
    // the bundle holds the packages' code: another locked version makes it stale
    write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n# effect 3.23\n")
    expect(launch().stdout.trim()).toBe("sources")
    stamp()
    write("package.json", JSON.stringify({ type: "module", version: "2" }))
    expect(launch().stdout.trim()).toBe("sources")
    stamp()
    expect(launch().stdout.trim()).toBe("dist")
    rmSync(join(dir, "dist"), { recursive: true })
    expect(launch().stdout.trim()).toBe("sources")
  })

  it("refuses to fall back to the sources under TOUCHPOINT_REQUIRE_BUILD=1", () => {
    expect(launch({ TOUCHPOINT_REQUIRE_BUILD: "1" }).stdout.trim()).toBe("dist")
    write("src/main.ts", "console.log('edited')\n")
    const r = launch({ TOUCHPOINT_REQUIRE_BUILD: "1" })
    expect(r.status).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toMatch(/older than the sources; run `pnpm build`/)
  })
})
