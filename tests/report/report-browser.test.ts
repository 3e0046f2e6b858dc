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
interface HtmlTable { readonly table: string; readonly filter: string | null; readonly limit: string | null; readonly columns: ReadonlyArray<string>; readonly rows: ReadonlyArray<ReadonlyArray<Cell>> }

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
        filter: t.getAttribute("data-filter"),
        limit: t.getAttribute("data-limit"),
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
        saysEmpty: el.parentElement?.querySelector("p.empty") !== null,
        dots: el.querySelectorAll('g[aria-label="dot"] > *').length,
        bars: el.querySelectorAll('g[aria-label="bar"] > *').length
      }))
    )
    const ids = charts.map((c) => c.id)
    for (const id of ["health", "shares", "paths", "nps", "csat", "ces", "delivery", "first_reply", "breaches", "rating"]) expect(ids).toContain(id)
    expect(ids.some((id) => id?.startsWith("drivers_"))).toBe(true)
    // a chart is drawn, or (a drivers outcome with no difference at all) says it has no data
    for (const c of charts) {
      expect(c, `chart ${c.id}`).toMatchObject(c.saysEmpty ? { rendered: null, svg: false } : { rendered: "true", svg: true })
    }
    expect(charts.filter((c) => c.saysEmpty).every((c) => c.id?.startsWith("drivers_"))).toBe(true)
    const [shares] = await parquetRows(ws.out, "select count(*)::int as n from 'attribution_models/*.parquet' where share is not null")
    expect(charts.find((c) => c.id === "shares")?.dots).toBe(shares?.["n"])
    const [paths] = await parquetRows(ws.out, "select least(10, count(distinct path_string))::int as n from read_parquet('journeys/**/*.parquet')")
    expect(charts.find((c) => c.id === "paths")?.bars).toBe(paths?.["n"])
  })

  it("shows each published table's rows (those its data-filter names, the first data-limit) with the published values", async () => {
    const published = tables.filter((t) => t.table !== "_manifest")
    expect(published.map((t) => t.table).sort()).toEqual(["attribution_models", "cx_drivers", "path_summary", "reputation", "response_times", "survey_kpis"])
    for (const t of published) {
      const rows = await parquetRows(ws.out, `select ${t.columns.join(", ")} from read_parquet('${t.table}/**/*.parquet') where ${t.filter ?? "true"}`)
      expect(t.rows.length, t.table).toBe(t.limit === null ? rows.length : Math.min(Number(t.limit), rows.length))
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

  it("shows the manifest's sources as they are, which add up its input files and tables", async () => {
    const manifest = JSON.parse(readFileSync(join(ws.out, "_manifest.json"), "utf8")) as {
      input_files: Array<Record<string, unknown>>
      tables: Array<{ name: string; rows: number }>
      sources: Array<Record<string, unknown>>
    }
    const health = tables.find((t) => t.table === "_manifest")
    expect(health?.rows.length).toBe(manifest.sources.length)
    expect(manifest.sources.map((s) => s["source"])).toEqual(["web", "store", "survey", "support", "delivery", "review"])
    for (const [i, row] of (health?.rows ?? []).entries()) {
      for (const cell of row) expect(same(cell.value, manifest.sources[i]?.[cell.column]), `${i} ${cell.column}`).toBe(true)
    }
    for (const s of manifest.sources) {
      const files = manifest.input_files.filter((f) => f["source"] === s["source"])
      for (const c of ["rows_read", "accepted", "quarantined", "duplicates", "filtered", "suppressed"]) {
        expect(s[c], `${String(s["source"])} ${c}`).toBe(files.reduce((a, f) => a + Number(f[c]), 0))
      }
      expect(s["files_loaded"]).toBe(files.filter((f) => f["status"] === "loaded").length)
      expect(s["events"]).toBe(manifest.tables.find((t) => t.name === `events_${String(s["source"])}`)?.rows)
      const [newest] = await parquetRows(ws.out, `select strftime(max(occurred_at), '%Y-%m-%dT%H:%M:%SZ') as t from read_parquet('events_${String(s["source"])}/**/*.parquet')`)
      expect(s["newest_event_at"]).toBe(newest?.["t"])
    }
    expect(manifest.sources.find((s) => s["source"] === "web")?.["quarantined"]).toBe(1)
  })

  it("lists the top paths as path_summary's first rows, in its order", async () => {
    const paths = tables.find((t) => t.table === "path_summary")
    const expected = await parquetRows(ws.out, `select path_string, count(*)::bigint as conversions, sum(revenue) as revenue
      from read_parquet('journeys/**/*.parquet') group by 1 order by 2 desc, 1 limit 10`)
    expect(paths?.rows.map((r) => [r[0]?.value, Number(r[2]?.value), Number(r[3]?.value)])).toEqual(
      expected.map((e) => [e["path_string"], Number(e["conversions"]), Number(e["revenue"])])
    )
  })

  it("draws no bar for zeros: a night with no new file shows empty health bars, not full ones", async () => {
    await runOnce(ws)
    const night = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    await night.goto(pathToFileURL(join(ws.out, "report.html")).href, { waitUntil: "load" })
    const widths = await night.$$eval('[data-chart="health"] g[aria-label="bar"] rect', (rects) => rects.map((r) => Number(r.getAttribute("width"))))
    await night.close()
    expect(widths.length).toBeGreaterThan(0)
    expect(Math.max(...widths)).toBeLessThan(1)
  }, 120_000)
})
