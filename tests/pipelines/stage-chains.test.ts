/**
 * The KPI and reputation stages run beside identity → journeys → attribution, on a connection
 * of their own (pipelines/stages.ts). That is only right while they read none of the tables
 * the first chain builds: a full build commits those model by model, so a KPI model reading
 * one would see it half rebuilt, or not yet built.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { outputs } from "../../pipelines/outputs.ts"
import { modelStageChains, stageOutputs } from "../../pipelines/stages.ts"
import { handOverProblems, type ModelStage } from "../../src/run/stage.ts"

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

describe("what stages hand on", () => {
  const stage = (name: string, consumes: ReadonlyArray<string>, produces: ReadonlyArray<string>): ModelStage =>
    ({ name, handOver: { consumes, produces }, run: () => Effect.succeed({ rows: 0 }) })

  it("every relation a stage reads from another is produced before it on its own connection", () => {
    expect(handOverProblems(modelStageChains, ["delta_files"])).toEqual([])
  })

  it("names a relation nobody produces, one produced on another connection, and one produced too late", () => {
    const chains = [
      [stage("a", ["delta_files"], ["x"]), stage("b", ["x", "z"], []), stage("c", ["w"], [])],
      [stage("d", ["x"], []), stage("e", [], ["w"])]
    ]
    expect(handOverProblems(chains, ["delta_files"])).toEqual([
      "stage b reads z, which no stage produces",
      "stage c reads w, which stage e produces on another connection (chain 2, not 1)",
      "stage d reads x, which stage a produces on another connection (chain 1, not 2)"
    ])
    expect(handOverProblems([[stage("b", ["x"], []), stage("a", [], ["x"])]], [])).toEqual(["stage b reads x before stage a produces it"])
  })

  it("declares every delta_ relation a stage's SQL reads and does not make itself", () => {
    const stageFiles: Record<string, ReadonlyArray<{ file: string; code: string }>> = {
      identity: [...files("sql/identity"), ...files("src/identity", ".ts")],
      journeys: [...files("sql/journeys"), ...files("src/journeys", ".ts")],
      attribution: [...files("sql/attribution"), ...files("src/attribution", ".ts")]
    }
    for (const s of modelStageChains.flat()) {
      const code = (stageFiles[s.name] ?? []).map((f) => f.code).join("\n")
      const made = new Set([...code.matchAll(/\bcreate\s+or\s+replace\s+temp\s+table\s+(delta_\w+)/gi)].map((m) => m[1] ?? ""))
      // delta_<table> are the stage's own rebuilt rows (models.ts keepAsDelta); the merges' hand-on tables are declared
      const own = new Set([...code.matchAll(/\bname:\s*"(delta_\w+)"/g)].map((m) => m[1] ?? ""))
      const read = new Set([...code.matchAll(/\b(delta_\w+)\b(?!\.sql)/g)].map((m) => m[1] ?? ""))
      const rebuilt = (r: string) => /^delta_(int_\w+|conversions|journey_touchpoints|journeys|paths|touchpoints|customers|identity_map|int_event_customers)$/.test(r)
      const undeclared = [...read].filter((r) => !made.has(r) && !own.has(r) && !rebuilt(r) && !(s.handOver?.consumes ?? []).includes(r))
      expect({ stage: s.name, undeclared }).toEqual({ stage: s.name, undeclared: [] })
    }
  })
})

describe("the tables the stages publish", () => {
  // Each is published as soon as its stage has finished, beside the stages still running
  // (pipelines/run.ts): one of those changing it would be published half changed. Changes are
  // the SQL statements that write a table and the incremental tables a stage declares
  // (`table: "…", key: …`; a slice's shadow, `table: "…", where: …`, only reads).
  it("are changed by no other stage's SQL or incremental declarations", () => {
    const window = { timezone: "UTC", since: null, until: null }
    const layers = ["identity", "journeys", "attribution", "kpis", "reputation", "cx"]
    const ownLayer = (stage: string | null) => (stage === null ? [] : stage === "journeys" ? ["journeys", "identity"] : [stage])
    expect(stageOutputs.every((o) => layers.includes(o.stage))).toBe(true)
    // the staging tables and quarantine, written by ingest, are published before any stage runs
    const groups = [{ stage: null, tables: outputs(window) }, ...stageOutputs.map((o) => ({ stage: o.stage, tables: o.tables(window) }))]
    const writes = groups.flatMap((g) => {
      const others = layers.filter((l) => !ownLayer(g.stage).includes(l))
      const code = [...others.map((l) => files(`sql/${l}`)), ...others.map((l) => files(`src/${l}`, ".ts"))].flat()
      return g.tables.flatMap((t) => {
        const name = `(?:\\w+\\.)*${t.name}\\b`
        const statement = `\\b(?:create\\s+(?:or\\s+replace\\s+)?(?:temp\\s+|temporary\\s+)?table|insert\\s+(?:or\\s+replace\\s+)?into|delete\\s+from|update|merge\\s+into|alter\\s+table|drop\\s+table(?:\\s+if\\s+exists)?)\\s+${name}`
        const declared = `table:\\s*"${t.name}",\\s*key:`
        return code.filter(({ code }) => new RegExp(`${statement}|${declared}`, "i").test(code))
          .map(({ file }) => `${file} changes ${t.name}, which ${g.stage === null ? "ingest" : `stage ${g.stage}`} publishes`)
      })
    })
    expect(writes).toEqual([])
  })

  it("would be caught changing one: the check sees the journeys stage's own merges", () => {
    const code = files("src/journeys", ".ts").map((f) => f.code).join("\n")
    expect(/table:\s*"touchpoints",\s*key:/.test(code)).toBe(true)
    expect(files("sql/journeys").some((f) => /create\s+or\s+replace\s+table\s+touchpoints\b/i.test(f.code))).toBe(true)
  })
})
