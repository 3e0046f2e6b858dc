/** What the CLI prints: a progress line per stage on a terminal, a summary at the end. */
import { Effect } from "effect"
import type { Progress, RunSummary } from "../../pipelines/run.ts"

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
  lines.push(`${"source".padEnd(10)} ${"read".padStart(10)} ${"accepted".padStart(10)} ${"quarantined".padStart(12)} ${"duplicate".padStart(10)}`)
  for (const [name, c] of Object.entries(s.sources)) {
    lines.push(`${name.padEnd(10)} ${fmt(c.read).padStart(10)} ${fmt(c.accepted).padStart(10)} ${fmt(c.quarantined).padStart(12)} ${fmt(c.duplicates).padStart(10)}`)
  }
  const skipped = s.files.filter((f) => f.status === "skipped").length
  const unreadable = s.files.filter((f) => f.status === "unreadable").length
  lines.push("")
  lines.push(`files: ${s.files.filter((f) => f.status === "loaded").length} loaded, ${skipped} already loaded (skipped), ${unreadable} unreadable`)
  lines.push(s.refresh.mode === "incremental"
    ? "derived tables: updated incrementally with the new files' events"
    : `derived tables: rebuilt from all events (${s.refresh.reason ?? "full refresh"})`)
  lines.push(`stages: ${s.stages.map((t) => `${t.stage} ${t.seconds.toFixed(2)} s`).join(", ")}`)
  lines.push(`tables: ${s.outputs.map((o) => `${o.table} (${fmt(o.rows)})`).join(", ")}`)
  return lines.join("\n")
}
