/**
 * `report.html`: written into the version being published, after its tables and before its
 * manifest, so it appears (and goes) with them in the one swap (docs/report.md).
 */
import { Effect } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { profiled, type Statements } from "../duckdb/duckdb.ts"
import { PublishFailed, type WarehouseError } from "../errors.ts"
import { projectRoot } from "../project-root.ts"
import type { ManifestSource, Publication, PublishedDocument } from "../publish/publish.ts"
import { type InputFileCounts, reportSections, sourceSummary } from "./report-data.ts"
import { renderReport } from "./report-html.ts"
import type { Language } from "./report-labels.ts"

const reportFile = "report.html"

const require = createRequire(import.meta.url)

/** A file of an installed package, found from its entry point (its exports hide the rest). */
const packageFile = (name: string, file: string): string => {
  let dir = dirname(require.resolve(name))
  for (;;) {
    const manifest = join(dir, "package.json")
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === name) return join(dir, file)
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the folder of the package ${name}`)
    dir = parent
  }
}

let scripts: ReadonlyArray<string> | null = null

/** d3 and Observable Plot as their UMD builds (globals for the page's own script), then that script. */
const reportScripts = (): ReadonlyArray<string> => {
  scripts ??= [
    readFileSync(packageFile("d3", "dist/d3.min.js"), "utf8"),
    readFileSync(packageFile("@observablehq/plot", "dist/plot.umd.min.js"), "utf8"),
    readFileSync(join(projectRoot, "src", "report", "report-charts.client.js"), "utf8")
  ]
  return scripts
}

export interface ReportOptions {
  readonly language: Language
  readonly runId: string
  readonly window: { readonly since: string | null; readonly until: string | null }
  readonly inputFiles: ReadonlyArray<InputFileCounts>
  /** The instant the manifest will state as `published_at`. */
  readonly publishedAt: Date
}

/**
 * Builds the report from the publication's tables and attaches it to the publication; gives
 * the per-source summary it shows, which the manifest lists too.
 */
export const publishReport = (
  db: Statements,
  publication: Publication,
  options: ReportOptions
): Effect.Effect<{ readonly document: PublishedDocument; readonly sources: ReadonlyArray<ManifestSource> }, WarehouseError | PublishFailed> =>
  profiled(`publish ${reportFile}`, Effect.gen(function*() {
    const from = { dir: publication.dir, tables: publication.written() }
    const sources = yield* sourceSummary(db, from, options.inputFiles)
    const sections = yield* reportSections(db, from, sources)
    const libraries = yield* Effect.try({
      try: reportScripts,
      catch: (e) => new PublishFailed({ message: `cannot read the report's chart library (run pnpm install): ${e instanceof Error ? e.message : String(e)}` })
    })
    const html = renderReport({
      language: options.language,
      runId: options.runId,
      publishedAt: options.publishedAt.toISOString().slice(0, 19).replace("T", " "),
      window: options.window,
      sections,
      scripts: libraries
    })
    const document = yield* publication.attachReport({ file: reportFile, content: html, language: options.language })
    return { document, sources }
  }))
