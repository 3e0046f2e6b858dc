/**
 * The report as one HTML page: its tables rendered here (readable without script), its charts
 * drawn in the browser by Observable Plot from the same rows, the libraries inlined, so the page
 * opens from disk and asks no network for anything (a Content-Security-Policy says so too).
 */
import { type Figure, type Format, hasData, isNumeric, type ReportTable, type Section, type Value } from "./report-data.ts"
import { type Language, words } from "./report-labels.ts"

export interface ReportPage {
  readonly language: Language
  readonly runId: string
  readonly publishedAt: string
  readonly window: { readonly since: string | null; readonly until: string | null }
  readonly sections: ReadonlyArray<Section>
  /** The scripts to inline, in order (d3, Plot, the report's own). */
  readonly scripts: ReadonlyArray<string>
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** A script's text may not close its own element early. */
const inlineScript = (code: string): string => code.replace(/<\/(script)/gi, "<\\/$1")

/** JSON inside a script element: `<` escaped, so no value can close it. */
const inlineJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c")

const formatter = (locale: string) => {
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
  const percent = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const two = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  return (format: Format, value: Value, yesNo: Readonly<Record<string, string>>): string => {
    if (value === null) return "–"
    switch (format) {
      case "count":
        return count.format(Number(value))
      case "number":
        return number.format(Number(value))
      case "share":
        return percent.format(Number(value))
      case "percent":
        return `${one.format(Number(value))}\u00a0%`
      case "minutes":
        return one.format(Number(value))
      case "money":
      case "rating":
        return two.format(Number(value))
      case "boolean":
        return yesNo[String(value)] ?? String(value)
      default:
        return String(value)
    }
  }
}

const renderTable = (t: ReportTable, language: Language, caption: string): string => {
  const w = words(language)
  const format = formatter(w.locale)
  const head = t.columns
    .map((c) => `<th scope="col" data-column="${escapeHtml(c.name)}">${escapeHtml(w.columns[c.name] ?? c.name)}</th>`)
    .join("")
  const body = t.rows
    .map((r) => {
      const cells = t.columns.map((c) => {
        const v = r[c.name] ?? null
        const attrs = v === null ? ` data-column="${c.name}" data-null` : ` data-column="${c.name}" data-value="${escapeHtml(String(v))}"`
        return `<td${attrs}${isNumeric(c.format) ? ' class="num"' : ""}>${escapeHtml(format(c.format, v, w.values))}</td>`
      })
      return `<tr>${cells.join("")}</tr>`
    })
    .join("\n")
  const filter = t.filter === null ? "" : ` data-filter="${escapeHtml(t.filter)}"`
  const limit = t.limit === null ? "" : ` data-limit="${t.limit}"`
  const empty = t.rows.length === 0 ? `<p class="empty">${escapeHtml(w.noData)}</p>` : ""
  // a scrolling region a keyboard can reach and a screen reader can name
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${escapeHtml(`${caption} ${t.table}`)}"><table data-table="${escapeHtml(t.table)}"${filter}${limit}>
<caption>${escapeHtml(caption)} <code>${escapeHtml(t.table)}</code></caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>${empty}</div>`
}

const renderFigure = (f: Figure, language: Language): string => {
  const w = words(language)
  const charts = f.charts
    .map((c) => {
      const title = c.subtitle === null ? w.charts[c.title] : `${w.charts[c.title]}: ${c.subtitle}`
      // outside the role="img" element, so a screen reader says it
      const empty = hasData(c) ? "" : `\n<p class="empty">${escapeHtml(w.noData)}</p>`
      return `<figure class="chart">
<figcaption id="chart-${c.id}-title">${escapeHtml(title)}</figcaption>
<div class="plot" data-chart="${escapeHtml(c.id)}" role="img" aria-labelledby="chart-${c.id}-title"></div>${empty}
</figure>`
    })
    .join("\n")
  return `<div class="figure">
${charts}
${renderTable(f.table, language, w.tableOf)}
</div>`
}

const styles = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5a6272; --line: #d7dbe3; --accent: #2456a6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; border-bottom: 1px solid var(--line); }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 4px; }
p.meta, p.intro { color: var(--muted); margin: 4px 0 12px; }
nav ul { list-style: none; padding: 0; margin: 8px 0 16px; display: flex; flex-wrap: wrap; gap: 16px; }
a { color: var(--accent); }
.figure { margin: 12px 0 28px; }
figure.chart { margin: 16px 0 8px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
.plot { overflow-x: auto; }
.table-wrap { overflow-x: auto; max-height: 420px; overflow-y: auto; border: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
caption { text-align: left; padding: 6px 8px; color: var(--muted); }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { position: sticky; top: 0; background: #f3f5f9; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.empty { color: var(--muted); font-style: italic; padding: 4px 8px; }
@media print { .table-wrap { max-height: none; overflow: visible; } }
`

/** The whole page. */
export const renderReport = (page: ReportPage): string => {
  const w = words(page.language)
  const windowText = page.window.since === null && page.window.until === null
    ? w.wholeWindow
    : w.window(page.window.since ?? "…", page.window.until ?? "…")
  const sections = page.sections
    .map((s) => `<section id="${s.id}" aria-labelledby="${s.id}-title">
<h2 id="${s.id}-title">${escapeHtml(w.sections[s.id].title)}</h2>
<p class="intro">${escapeHtml(w.sections[s.id].intro)}</p>
${s.figures.map((f) => renderFigure(f, page.language)).join("\n")}
</section>`)
    .join("\n")
  const charts = page.sections.flatMap((s) => s.figures.flatMap((f) => f.charts))
  const nav = page.sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(w.sections[s.id].title)}</a></li>`).join("")
  return `<!doctype html>
<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(w.title)} – ${escapeHtml(page.runId)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>${escapeHtml(w.title)}</h1>
<p class="meta" data-run-id="${escapeHtml(page.runId)}">${escapeHtml(w.generated(page.runId, page.publishedAt))} ${escapeHtml(windowText)}</p>
<nav aria-label="${escapeHtml(w.title)}"><ul>${nav}</ul></nav>
</header>
<main>
${sections}
</main>
<script type="application/json" id="touchpoint-report-data">${inlineJson({ locale: w.locale, words: w.values, charts })}</script>
${page.scripts.map((s) => `<script>${inlineScript(s)}</script>`).join("\n")}
</body>
</html>
`
}
