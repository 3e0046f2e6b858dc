/**
 * The KPI and reputation stages run beside identity → journeys → attribution, on a connection
 * of their own (pipelines/stages.ts). That is only right while they read none of the tables
 * the first chain builds: a full build commits those model by model, so a KPI model reading
 * one would see it half rebuilt, or not yet built.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const root = join(import.meta.dirname, "..", "..")
/** The SQL files under `dir` (or the TypeScript files, whose SQL is in strings), comments left out. */
const files = (dir: string, ext = ".sql") => readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(ext))
  .map((f) => ({ file: `${dir}/${f}`, code: readFileSync(join(root, dir, f), "utf8").replace(ext === ".sql" ? /--.*$/gm : /\/\/.*$|\/\*[\s\S]*?\*\//gm, "") }))

describe("the second chain of model stages", () => {
  it("reads no table, temporary or kept, that identity, journeys or attribution build", () => {
    const built = new Set(["sql/identity", "sql/journeys", "sql/attribution"].map((d) => files(d)).flat().flatMap(({ code }) =>
      [...code.matchAll(/\bcreate\s+or\s+replace\s+(?:temp\s+|temporary\s+)?(?:table|view)\s+(\w+)/gi)].map((m) => m[1] ?? "")))
    expect(built.has("touchpoints") && built.has("identity_map") && built.has("conversions")).toBe(true)
    const second = [...["sql/kpis", "sql/reputation"].map((d) => files(d)), ...["src/kpis", "src/reputation"].map((d) => files(d, ".ts"))].flat()
    const reads = second.flatMap(({ file, code }) =>
      [...built].filter((table) => new RegExp(`\\b${table}\\b`, "i").test(code)).map((table) => `${file} reads ${table}`))
    expect(reads).toEqual([])
  })
})
