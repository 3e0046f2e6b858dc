import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api"
import { tableFromIPC } from "apache-arrow"
import { createHash } from "node:crypto"
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  COLUMNS,
  DELIVERY_EVENT_TYPES,
  FORMATS,
  REVIEW_PLATFORMS,
  SCORE_RANGES,
  SOURCES,
  STORE_EVENT_TYPES,
  SUPPORT_CHANNELS,
  SUPPORT_EVENT_TYPES,
  SURVEY_TYPES,
  WEB_EVENT_TYPES,
  type SourceName
} from "../../src/generate/columns.ts"
import { generateInbox, type GenerateOptions, type GenerateSummary } from "../../src/generate/generate-inbox.ts"

type Row = Readonly<Record<string, unknown>>

interface ReadFile {
  readonly path: string
  readonly source: SourceName
  readonly format: string
  readonly rows: ReadonlyArray<Row>
}

const base = { customers: 50, days: 10, startDate: "2024-03-25" } as const

let root: string
let db: DuckDBInstance
let con: DuckDBConnection
const runs = new Map<string, { readonly inbox: string; readonly summary: GenerateSummary }>()

const run = async (name: string, options: Omit<GenerateOptions, "inbox">) => {
  const inbox = join(root, name)
  const summary = await generateInbox({ ...options, inbox })
  runs.set(name, { inbox, summary })
}

const get = (name: string) => {
  const r = runs.get(name)
  if (r === undefined) throw new Error(`run ${name} missing`)
  return r
}

const listFiles = async (dir: string): Promise<ReadonlyArray<string>> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()
}

const hashes = async (inbox: string): Promise<ReadonlyMap<string, string>> => {
  const out = new Map<string, string>()
  for (const file of await listFiles(inbox)) {
    out.set(relative(inbox, file), createHash("sha256").update(await readFile(file)).digest("hex"))
  }
  return out
}

const formatOf = (path: string): string => {
  const found = [...FORMATS].sort((a, b) => b.length - a.length).find((f) => path.endsWith(`.${f}`))
  if (found === undefined) throw new Error(`unknown format: ${path}`)
  return found
}

const sourceOf = (inbox: string, path: string): SourceName => {
  const dir = relative(inbox, path).split("/")[0]
  const source = SOURCES.find((s) => s === dir)
  if (source === undefined) throw new Error(`file outside a source folder: ${path}`)
  return source
}

const rowsOf = async (path: string, format: string): Promise<ReadonlyArray<Row>> => {
  if (format === "arrow" || format === "arrows") {
    const table = tableFromIPC(await readFile(path))
    const rows: Array<Record<string, unknown>> = []
    for (let i = 0; i < table.numRows; i++) {
      const row: Record<string, unknown> = {}
      for (const field of table.schema.fields) {
        const value: unknown = table.getChild(field.name)?.get(i)
        row[field.name] = value
      }
      rows.push(row)
    }
    return rows
  }
  if (format === "parquet") {
    return (await con.runAndReadAll("SELECT * FROM read_parquet($1)", [path])).getRowObjectsJson()
  }
  if (format.startsWith("csv")) {
    return (await con.runAndReadAll("SELECT * FROM read_csv($1, header = true, all_varchar = true, delim = ',', quote = '\"')", [path])).getRowObjectsJson()
  }
  const lines = (await con.runAndReadAll("SELECT json FROM read_json_objects($1, format = 'newline_delimited')", [path])).getRowObjectsJson()
  return lines.map((line) => {
    const parsed: unknown = JSON.parse(String(line["json"]))
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`not a JSON object in ${path}`)
    return Object.fromEntries(Object.entries(parsed))
  })
}

const readAll = async (inbox: string): Promise<ReadonlyArray<ReadFile>> => {
  const out: Array<ReadFile> = []
  for (const path of await listFiles(inbox)) {
    const format = formatOf(path)
    out.push({ path, source: sourceOf(inbox, path), format, rows: await rowsOf(path, format) })
  }
  return out
}

const present = (v: unknown): boolean => v !== null && v !== undefined && !(typeof v === "string" && v.trim() === "")

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/
const isInstant = (v: unknown): boolean => (typeof v === "number" && Number.isInteger(v)) || (typeof v === "string" && INSTANT.test(v))

const num = (v: unknown): number => (typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN)

const oneOf = (values: ReadonlyArray<string>, v: unknown): boolean => typeof v === "string" && values.includes(v)

const ENUMS: Readonly<Partial<Record<SourceName, Readonly<Record<string, ReadonlyArray<string>>>>>> = {
  web: { event_type: WEB_EVENT_TYPES },
  store: { event_type: STORE_EVENT_TYPES },
  survey: { survey_type: SURVEY_TYPES },
  support: { event_type: SUPPORT_EVENT_TYPES, channel: SUPPORT_CHANNELS },
  delivery: { event_type: DELIVERY_EVENT_TYPES },
  review: { platform: REVIEW_PLATFORMS }
}

let mixed: ReadonlyArray<ReadFile>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "touchpoint-generate-test-"))
  db = await DuckDBInstance.create(":memory:", { threads: "1" })
  con = await db.connect()
  await run("a", { ...base, seed: 42 })
  await run("b", { ...base, seed: 42 })
  await run("c", { ...base, seed: 43 })
  await run("nd", { ...base, seed: 42, days: 3, formats: "ndjson" })
  mixed = await readAll(get("a").inbox)
})

afterAll(async () => {
  con?.closeSync()
  db?.closeSync()
  if (root !== undefined) await rm(root, { recursive: true, force: true })
})

describe("generateInbox", () => {
  it("writes byte-identical files for the same seed and options", async () => {
    const a = await hashes(get("a").inbox)
    const b = await hashes(get("b").inbox)
    expect(a.size).toBeGreaterThan(0)
    expect([...b.entries()]).toEqual([...a.entries()])
  })

  it("writes different files for a different seed", async () => {
    const a = await hashes(get("a").inbox)
    const c = await hashes(get("c").inbox)
    const same = [...a.entries()].filter(([path, hash]) => c.get(path) === hash)
    expect(same).toEqual([])
  })

  it("parses every file in its format with the required fields present", () => {
    for (const file of mixed) {
      expect(file.rows.length, file.path).toBeGreaterThan(0)
      for (const row of file.rows) {
        for (const column of COLUMNS[file.source]) {
          if (column.required) expect(present(row[column.name]), `${file.path} ${column.name}`).toBe(true)
        }
        expect(Object.keys(row).every((k) => COLUMNS[file.source].some((c) => c.name === k)), file.path).toBe(true)
      }
    }
  })

  it("writes instants as ISO-8601 with Z or an offset, or as epoch milliseconds", () => {
    const styles = new Set<string>()
    for (const file of mixed) {
      for (const row of file.rows) {
        for (const column of ["occurred_at", "promised_at", "replied_at"]) {
          const v = row[column]
          if (!present(v)) continue
          expect(isInstant(v), `${file.path} ${column} ${String(v)}`).toBe(true)
          styles.add(typeof v === "number" ? "epoch" : String(v).endsWith("Z") ? "utc" : "offset")
        }
      }
    }
    expect([...styles].sort()).toEqual(["epoch", "offset", "utc"])
  })

  it("uses only valid enum values", () => {
    for (const file of mixed) {
      const enums = ENUMS[file.source] ?? {}
      for (const row of file.rows) {
        for (const [column, values] of Object.entries(enums)) expect(oneOf(values, row[column]), `${file.path} ${column}=${String(row[column])}`).toBe(true)
      }
    }
  })

  it("keeps survey scores and review ratings whole and within their ranges", () => {
    for (const file of mixed) {
      for (const row of file.rows) {
        if (file.source === "survey") {
          const type = SURVEY_TYPES.find((t) => t === row["survey_type"])
          if (type === undefined) throw new Error("survey_type missing")
          const [min, max] = SCORE_RANGES[type]
          const score = num(row["score"])
          expect(Number.isInteger(score) && score >= min && score <= max, `${type} ${score}`).toBe(true)
        }
        if (file.source === "review") {
          const rating = num(row["rating"])
          expect(Number.isInteger(rating) && rating >= 1 && rating <= 5, `rating ${rating}`).toBe(true)
        }
      }
    }
  })

  it("gives every purchase an order_id and a revenue of at least zero with two decimals", () => {
    let purchases = 0
    for (const file of mixed) {
      if (file.source !== "web" && file.source !== "store") continue
      for (const row of file.rows) {
        if (row["event_type"] !== "purchase") continue
        purchases++
        expect(present(row["order_id"])).toBe(true)
        expect(num(row["revenue"])).toBeGreaterThanOrEqual(0)
        if (typeof row["revenue"] === "string") expect(row["revenue"]).toMatch(/^\d+\.\d{2}$/)
      }
    }
    expect(purchases).toBeGreaterThan(0)
  })

  it("gives each ordered delivery a promised_at", () => {
    const ordered = mixed.filter((f) => f.source === "delivery").flatMap((f) => f.rows).filter((r) => r["event_type"] === "ordered")
    expect(ordered.length).toBeGreaterThan(0)
    for (const row of ordered) expect(isInstant(row["promised_at"])).toBe(true)
  })

  it("keeps event ids unique within each source", () => {
    for (const source of SOURCES) {
      const ids = mixed.filter((f) => f.source === source).flatMap((f) => f.rows.map((r) => String(r["event_id"])))
      expect(new Set(ids).size, source).toBe(ids.length)
    }
  })

  it("writes all six sources", () => {
    expect(new Set(mixed.map((f) => f.source))).toEqual(new Set(SOURCES))
  })

  it("uses every format at least once in mixed mode over seven or more days", () => {
    expect(new Set(mixed.map((f) => f.format))).toEqual(new Set(FORMATS))
  })

  it("writes only .ndjson files in ndjson mode", async () => {
    const files = await listFiles(get("nd").inbox)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect(file.endsWith(".ndjson"), file).toBe(true)
  })

  it("reports the files and row counts it wrote", async () => {
    const { inbox, summary } = get("a")
    expect(summary.files.map((f) => f.path).sort()).toEqual(await listFiles(inbox))
    for (const f of summary.files) {
      const file = mixed.find((m) => m.path === f.path)
      expect(file?.rows.length, f.path).toBe(f.rows)
      expect(f.format).toBe(file?.format)
    }
    expect(summary.events).toBe(mixed.reduce((n, f) => n + f.rows.length, 0))
  })

  it("produces cross-channel journeys where a web visitor's identifier appears on a store purchase", () => {
    const norm = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : undefined)
    const web = new Set<string>()
    for (const row of mixed.filter((f) => f.source === "web").flatMap((f) => f.rows)) {
      const id = norm(row["customer_id"])
      const email = norm(row["email"])
      if (id !== undefined) web.add(`id:${id}`)
      if (email !== undefined) web.add(`email:${email}`)
    }
    const shared = mixed
      .filter((f) => f.source === "store")
      .flatMap((f) => f.rows)
      .filter((r) => r["event_type"] === "purchase")
      .filter((r) => {
        const id = norm(r["customer_id"])
        const email = norm(r["email"])
        return (id !== undefined && web.has(`id:${id}`)) || (email !== undefined && web.has(`email:${email}`))
      })
    expect(shared.length).toBeGreaterThan(0)
  })

  it("rejects a start date that is not a real YYYY-MM-DD date", async () => {
    await expect(generateInbox({ ...base, seed: 1, startDate: "2024-02-30", inbox: join(root, "bad") })).rejects.toThrow(/startDate/)
  })
})
