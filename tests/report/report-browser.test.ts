/**
 * The published report opened in a real browser (Debian's chromium, driven by playwright-core):
 * it loads from file:// with no console error and no request, every chart with data is drawn
 * with one mark per row, and every number in its tables equals the published Parquet.
 *
 * Without /usr/bin/chromium (or TOUCHPOINT_CHROMIUM) the test is skipped, loudly; CI installs
 * chromium and sets TOUCHPOINT_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
 */
import { DuckDBInstance } from "@duckdb/node-api"
import { cpSync, existsSync, readFileSync } from "node:fs"
import { createHash } from "node:crypto"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium, type Browser, type Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { deliverLines, runOnce, workspace, type Workspace } from "../support/pipeline.ts"

const executablePath = process.env["TOUCHPOINT_CHROMIUM"] ?? "/usr/bin/chromium"
const haveBrowser = existsSync(executablePath)
if (!haveBrowser && process.env["TOUCHPOINT_REQUIRE_BROWSER"] === "1") {
  throw new Error(`TOUCHPOINT_REQUIRE_BROWSER=1 but there is no browser at ${executablePath} (apt-get install -y chromium)`)
}
if (!haveBrowser) console.warn(`report browser test skipped: no browser at ${executablePath} (apt-get install -y chromium)`)

const flags = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"
]

/** What the page's elements offer here (the project compiles without the DOM library). */
interface DomNode {
  getAttribute(name: string): string | null
  hasAttribute(name: string): boolean
  querySelectorAll(selector: string): unknown
}

interface Cell { readonly column: string; readonly value: string | null }
interface HtmlTable { readonly table: string; readonly aggregate: string | null; readonly columns: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<Cell>> }

const parquetRows = async (out: string, sql: string): Promise<Array<Record<string, unknown>>> => {
  const instance = await DuckDBInstance.create(":memory:")
  const con = await instance.connect()
  try {
    await con.run("set TimeZone = 'UTC'")
    await con.run(`set file_search_path = '${out}'`)
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>
  } finally {
    con.closeSync()
    instance.closeSync()
  }
}

/** A cell's raw value as the page carries it, against a Parquet value: numbers by value, the rest as text. */
const same = (html: string | null, parquet: unknown): boolean => {
  if (html === null || parquet === null || parquet === undefined) return html === null && (parquet === null || parquet === undefined)
  const a = Number(html)
  const b = Number(parquet)
  if (html.trim() !== "" && Number.isFinite(a) && Number.isFinite(b) && typeof parquet !== "boolean") return a === b
  return html === String(parquet)
}

const key = (cells: ReadonlyArray<Cell>, columns: ReadonlyArray<string>) =>
  columns.map((c) => cells.find((x) => x.column === c)?.value ?? "∅").join("|")

describe.skipIf(!haveBrowser)("report.html in a browser", () => {
  let ws: Workspace
  let browser: Browser
  let page: Page
  const consoleErrors: Array<string> = []
  const requests: Array<string> = []
  let tables: ReadonlyArray<HtmlTable> = []

  beforeAll(async () => {
    ws = workspace()
    cpSync(join(import.meta.dirname, "..", "..", "sample", "inbox"), ws.inbox, { recursive: true })
    // one row that fails validation, so data health shows a quarantine
    deliverLines(ws, "late-bad", [JSON.stringify({ event_id: "bad-1", occurred_at: "not a time", anonymous_id: "a-1", event_type: "page_view" })])
    await runOnce(ws)
    browser = await chromium.launch({ executablePath, args: flags })
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()) })
    page.on("pageerror", (e) => consoleErrors.push(String(e)))
    page.on("request", (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(join(ws.out, "report.html")).href, { waitUntil: "load" })
    tables = await page.$$eval("table[data-table]", (els) =>
      els.map((t) => ({
        table: t.getAttribute("data-table") ?? "",
        aggregate: t.getAttribute("data-aggregate"),
        columns: Array.from(t.querySelectorAll("thead th") as unknown as ArrayLike<DomNode>).map((th) => th.getAttribute("data-column") ?? ""),
        rows: Array.from(t.querySelectorAll("tbody tr") as unknown as ArrayLike<DomNode>).map((tr) =>
          Array.from(tr.querySelectorAll("td") as unknown as ArrayLike<DomNode>).map((td) => ({
            column: td.getAttribute("data-column") ?? "",
            value: td.hasAttribute("data-null") ? null : td.getAttribute("data-value")
          }))
        )
      }))
    )
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
  })

  it("loads from disk with no console error and no request but its own file", () => {
    expect(consoleErrors).toEqual([])
    expect(requests.filter((u) => !u.endsWith("/report.html"))).toEqual([])
  })

  it("is listed in the manifest with its digest", () => {
    const manifest = JSON.parse(readFileSync(join(ws.out, "_manifest.json"), "utf8")) as { report: { file: string; sha256: string; bytes: number; language: string } }
    const bytes = readFileSync(join(ws.out, "report.html"))
    expect(manifest.report).toEqual({ file: "report.html", bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), language: "en" })
  })

  it("draws every chart that has data, one mark per row", async () => {
    const charts = await page.$$eval("[data-chart]", (els) =>
      els.map((el) => ({
        id: el.getAttribute("data-chart"),
        rendered: el.getAttribute("data-rendered"),
        svg: el.querySelector("svg") !== null,
        dots: el.querySelectorAll('g[aria-label="dot"] > *').length,
        bars: el.querySelectorAll('g[aria-label="bar"] > *').length
      }))
    )
    const ids = charts.map((c) => c.id)
    for (const id of ["health", "shares", "paths", "nps", "csat", "ces", "delivery", "first_reply", "breaches", "rating"]) expect(ids).toContain(id)
    expect(ids.some((id) => id?.startsWith("drivers_"))).toBe(true)
    for (const c of charts) {
      expect(c, `chart ${c.id}`).toMatchObject({ rendered: "true", svg: true })
    }
    const [shares] = await parquetRows(ws.out, "select count(*)::int as n from 'attribution_models/*.parquet' where share is not null")
    expect(charts.find((c) => c.id === "shares")?.dots).toBe(shares?.["n"])
    const [paths] = await parquetRows(ws.out, "select least(10, count(distinct path_string))::int as n from read_parquet('journeys/**/*.parquet')")
    expect(charts.find((c) => c.id === "paths")?.bars).toBe(paths?.["n"])
  })

  it("shows each published table's rows with the published values", async () => {
    const direct = tables.filter((t) => t.aggregate === null)
    expect(direct.map((t) => t.table).sort()).toEqual(["attribution_models", "cx_drivers", "reputation", "response_times", "survey_kpis"])
    // the rows the report promises: all of some tables, the roll-ups of others
    const expectedCount: Record<string, string> = {
      attribution_models: "true",
      cx_drivers: "true",
      survey_kpis: "is_rollup",
      reputation: "store_id = '(all)'",
      response_times: "is_rollup and metric in ('delivery_time', 'support_first_reply', 'review_reply')"
    }
    for (const t of direct) {
      const rows = await parquetRows(ws.out, `select ${t.columns.join(", ")} from read_parquet('${t.table}/**/*.parquet') where ${expectedCount[t.table]}`)
      expect(t.rows.length, t.table).toBe(rows.length)
      expect(t.rows.length, t.table).toBeGreaterThan(0)
      // every page row equals a distinct Parquet row, column by column
      const unmatched = [...rows]
      for (const r of t.rows) {
        const i = unmatched.findIndex((p) => t.columns.every((c) => same(r.find((x) => x.column === c)?.value ?? null, p[c])))
        expect(i, `${t.table}: no published row equals ${key(r, t.columns)}`).toBeGreaterThanOrEqual(0)
        unmatched.splice(i, 1)
      }
    }
  })

  it("counts per source what the manifest says, and the top paths as the journeys give them", async () => {
    const manifest = JSON.parse(readFileSync(join(ws.out, "_manifest.json"), "utf8")) as {
      input_files: Array<Record<string, unknown>>
      tables: Array<{ name: string; rows: number }>
    }
    const health = tables.find((t) => t.table === "_manifest")
    expect(health?.rows.length).toBe(6)
    for (const row of health?.rows ?? []) {
      const value = (c: string) => row.find((x) => x.column === c)?.value ?? null
      const files = manifest.input_files.filter((f) => f["source"] === value("source"))
      for (const c of ["rows_read", "accepted", "quarantined", "duplicates", "filtered", "suppressed"]) {
        expect(Number(value(c)), `${value("source")} ${c}`).toBe(files.reduce((a, f) => a + Number(f[c]), 0))
      }
      expect(Number(value("files"))).toBe(files.length)
      expect(Number(value("rows"))).toBe(manifest.tables.find((t) => t.name === `events_${value("source")}`)?.rows)
    }
    const web = health?.rows.find((r) => r.some((c) => c.column === "source" && c.value === "web"))
    expect(web?.find((c) => c.column === "quarantined")?.value).toBe("1")

    const paths = tables.find((t) => t.table === "journeys")
    const expected = await parquetRows(ws.out, `select path_string, count(*)::bigint as conversions, sum(revenue) as revenue
      from read_parquet('journeys/**/*.parquet') group by 1 order by 2 desc, 1 limit 10`)
    expect(paths?.rows.map((r) => [r[0]?.value, Number(r[1]?.value), Number(r[2]?.value)])).toEqual(
      expected.map((e) => [e["path_string"], Number(e["conversions"]), Number(e["revenue"])])
    )
  })
})
