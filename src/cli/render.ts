/** What the CLI prints: a progress line per stage on a terminal, a summary at the end. */
import { Effect } from "effect"
import type { Progress, RunSummary } from "../../pipelines/run.ts"
import type { ForgetSummary } from "../../pipelines/forget.ts"
import type { Headline } from "../report/headline.ts"
import type { FilePreview } from "../ingest/ingest.ts"

const fmt = (n: number) => n.toLocaleString("en-US")

export const terminalProgress = (stream: NodeJS.WriteStream): Progress => ({
  stageStarted: (stage) => Effect.sync(() => {
    if (stream.isTTY) stream.write(`  ${stage} …\r`)
  }),
  stageFinished: (t) => Effect.sync(() => {
    if (stream.isTTY) stream.write(`  ✓ ${t.stage.padEnd(17)} ${t.seconds.toFixed(2).padStart(8)} s  ${fmt(t.rows).padStart(12)} rows\n`)
  }),
  note: (message) => Effect.sync(() => {
    stream.write(`  ! ${message}\n`)
  })
})

export const summaryText = (s: RunSummary): string => {
  const lines: Array<string> = []
  lines.push(`run ${s.run_id}: success, published to ${s.out}`)
  lines.push("")
  lines.push(`${"source".padEnd(10)} ${"read".padStart(10)} ${"accepted".padStart(10)} ${"quarantined".padStart(12)} ${"duplicate".padStart(10)} ${"filtered".padStart(10)} ${"suppressed".padStart(11)}`)
  for (const [name, c] of Object.entries(s.sources)) {
    lines.push(`${name.padEnd(10)} ${fmt(c.read).padStart(10)} ${fmt(c.accepted).padStart(10)} ${fmt(c.quarantined).padStart(12)} ${fmt(c.duplicates).padStart(10)} ${fmt(c.filtered).padStart(10)} ${fmt(c.suppressed).padStart(11)}`)
  }
  const mapped = s.files.filter((f) => f.status === "loaded" && f.mapping !== null)
  for (const m of [...new Set(mapped.map((f) => f.mapping))]) {
    lines.push(`mapping ${m ?? ""}: ${mapped.filter((f) => f.mapping === m).length} file(s)`)
  }
  const replaced = s.files.filter((f) => f.replaced)
  if (replaced.length > 0) lines.push(`read again (mapping changed, earlier events replaced): ${replaced.map((f) => f.path).join(", ")}`)
  const skipped = s.files.filter((f) => f.status === "skipped").length
  const unreadable = s.files.filter((f) => f.status === "unreadable").length
  lines.push("")
  lines.push(`files: ${s.files.filter((f) => f.status === "loaded").length} loaded, ${skipped} already loaded (skipped), ${unreadable} unreadable`)
  lines.push(s.refresh.mode === "incremental"
    ? "derived tables: updated incrementally with the new files' events"
    : `derived tables: rebuilt from all events (${s.refresh.reason ?? "full refresh"})`)
  lines.push(`stages: ${s.stages.map((t) => `${t.stage} ${t.seconds.toFixed(2)} s`).join(", ")}`)
  lines.push(`tables: ${s.outputs.map((o) => `${o.table} (${fmt(o.rows)})`).join(", ")}`)
  lines.push(`report: ${s.report} (open it in a browser)`)
  lines.push("")
  lines.push(...headlineText(s.headline))
  return lines.join("\n")
}

const pct = (share: number) => `${(100 * share).toFixed(1)} %`

/** The headline numbers, one per line, left out where the data has none. */
export const headlineText = (h: Headline): ReadonlyArray<string> => [
  `conversions       ${fmt(h.conversions)}, revenue ${h.revenue.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
  ...(h.top_channel === null ? [] : [`top channel       ${h.top_channel.channel}: ${pct(h.top_channel.share)} of conversions (${h.top_channel.model})`]),
  ...(h.nps === null ? [] : [`NPS               ${h.nps.value.toFixed(1)} (${fmt(h.nps.responses)} responses)`]),
  ...(h.csat === null ? [] : [`CSAT              ${h.csat.value.toFixed(1)} % satisfied (${fmt(h.csat.responses)} responses)`]),
  ...(h.delivery_over_threshold === null ? [] : [`deliveries        ${pct(h.delivery_over_threshold.share)} over the threshold (${fmt(h.delivery_over_threshold.deliveries)} delivered)`]),
  ...(h.first_reply_over_sla === null ? [] : [`first replies     ${pct(h.first_reply_over_sla.share)} over the SLA (${fmt(h.first_reply_over_sla.tickets)} replied)`]),
  ...(h.rating === null ? [] : [`review rating     ${h.rating.average.toFixed(2)} on average (${fmt(h.rating.reviews)} reviews)`])
]

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return "∅"
  const t = String(v).replace(/\s+/g, " ")
  return t.length > 40 ? `${t.slice(0, 39)}…` : t
}

/**
 * `validate --show N`: a file's first rows as its mapping made them (before typing), one block
 * per row with its row number and outcome, then per field how many rows came out empty.
 */
export const previewText = (p: FilePreview): string => {
  const lines: Array<string> = []
  const fields = Object.keys(p.emptyPerField)
  const width = Math.max(...fields.map((f) => f.length))
  for (const row of p.rows) {
    // in the order the counts take them: a forgotten customer's row is suppressed, whatever else
    const outcome = row["filtered"] === true
      ? "filtered"
      : row["suppressed"] === true
      ? "suppressed"
      : row["rule"] !== null
      ? `${String(row["rule"])}: ${String(row["message"])}`
      : row["duplicate"] === true
      ? "duplicate"
      : "ok"
    lines.push(`     row ${String(row["row_number"])} (${outcome})`)
    for (const f of fields) if (row[f] !== null) lines.push(`       ${f.padEnd(width)}  ${cell(row[f])}`)
  }
  lines.push(`     empty after mapping, of ${fmt(p.rowsMapped)} rows:`)
  for (const f of fields) lines.push(`       ${f.padEnd(width)}  ${fmt(p.emptyPerField[f] ?? 0)}`)
  return lines.join("\n")
}

export const forgetText = (s: ForgetSummary): string => {
  const lines: Array<string> = []
  for (const id of s.finished_earlier) lines.push(`finished the erasure ${id}, left unfinished by an earlier forget`)
  for (const r of s.plan.requests) {
    const what = r.outcome === "erased" ? "identifies a customer" : r.outcome === "held_back" ? (r.reason ?? "held back") : "not found (suppressed from now on)"
    lines.push(`${r.identifier_type} ${r.identifier_hash.slice(0, 12)}…: ${what}`)
  }
  if (s.plan.requests.length > 0) {
    lines.push(`${s.dry_run ? "would erase" : "erased"} ${s.plan.customers} customer(s) with ${s.plan.identifiers} identifier(s), ${s.plan.events} event(s)`)
    for (const [table, n] of Object.entries(s.plan.removed)) if (n > 0) lines.push(`  ${table.padEnd(18)} ${fmt(n).padStart(10)}`)
  }
  if (s.run !== null) lines.push(`republished to ${s.run.out} (run ${s.run.run_id}); removed ${s.removed_versions} older version(s); warehouse compacted`)
  if (s.dry_run) lines.push("dry run: nothing was changed")
  return lines.join("\n")
}
