/**
 * src/launch.mjs runs the compiled build only while it is at least as new as every source file,
 * and the sources through tsx otherwise: an edited checkout must never run stale code.
 */
import { execFileSync } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..", "..")

describe("launch.mjs", () => {
  let dir = ""
  const write = (path: string, text: string, seconds: number) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
    utimesSync(join(dir, path), seconds, seconds)
  }
  const launch = () => execFileSync(process.execPath, [join(dir, "src", "launch.mjs")], { cwd: dir, encoding: "utf8" }).trim()

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "tp-launch-"))
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }))
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"))
    mkdirSync(join(dir, "src"))
    copyFileSync(join(root, "src", "launch.mjs"), join(dir, "src", "launch.mjs"))
    // a TypeScript-only construct, so the sources can only run through tsx
    write("src/main.ts", "const from: string = 'sources'\nconsole.log(from)\n", 1000)
    write("schemas/config.ts", "export const x: number = 1\n", 1000)
    write("pipelines/run.ts", "export const y: number = 2\n", 1000)
    write("dist/src/main.js", "console.log('dist')\n", 2000)
    write("dist/schemas/config.js", "export const x = 1\n", 2000)
    write("dist/pipelines/run.js", "export const y = 2\n", 2000)
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it("runs the build when every compiled file is at least as new as its source", () => {
    expect(launch()).toBe("dist")
  })

  it("runs the sources when one source is newer than its compiled file", () => {
    utimesSync(join(dir, "pipelines", "run.ts"), 3000, 3000)
    expect(launch()).toBe("sources")
  })

  it("runs the sources when a source has no compiled file, or there is no build", () => {
    write("src/new-module.ts", "export {}\n", 1000)
    expect(launch()).toBe("sources")
    rmSync(join(dir, "dist"), { recursive: true })
    expect(launch()).toBe("sources")
  })
})
