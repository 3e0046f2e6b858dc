import { Schema } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Config } from "../schemas/config.ts"
import { sourceColumns, sourceNames } from "../schemas/sources.ts"

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")

const valueAt = (obj: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((o, k) => (typeof o === "object" && o !== null ? Reflect.get(o, k) : undefined), obj)

describe("README", () => {
  it("starts with the set-up-and-run command and the test command", () => {
    const block = readme.split("```")[1] ?? ""
    expect(block).toContain("pipeline run")
    expect(block).toContain(" test")
  })

  it("documents configuration keys that exist, with the defaults the code uses", () => {
    const defaults = Schema.decodeUnknownSync(Config)({})
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Commands"))
    const rows = section.split("\n").filter((l) => l.startsWith("| `") && l.includes("` |"))
    const keys = rows.flatMap((l) => [...(l.split("|")[1] ?? "").matchAll(/`([a-zA-Z.]+)`/g)].map((m) => m[1] ?? ""))
      .filter((k) => /^[a-z]+(\.[a-zA-Z]+)?$/.test(k))
    expect(keys.length).toBeGreaterThan(20)
    for (const key of keys) expect(valueAt(defaults, key.split(".")), key).not.toBeUndefined()
    expect(readme).toContain("| `journeys.lookbackDays` | 30 |")
    expect(readme).toContain("| `kpis.deliveryThresholdMinutes` | 45 |")
  })

  it("points at an example configuration that is valid", () => {
    const example: unknown = JSON.parse(readFileSync(join(import.meta.dirname, "..", "examples", "touchpoint.config.json"), "utf8"))
    expect(readme).toContain("examples/touchpoint.config.json")
    expect(Schema.decodeUnknownEither(Config, { onExcessProperty: "error" })(example)._tag).toBe("Right")
  })

  it("lists every source field of the schemas in the input table", () => {
    for (const s of sourceNames) {
      const row = readme.split("\n").find((l) => l.startsWith(`| ${s} |`))
      expect(row, s).toBeDefined()
      for (const c of sourceColumns(s)) expect(row, `${s}.${c.name}`).toContain(c.name)
    }
  })
})
