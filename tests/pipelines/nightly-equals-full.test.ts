import { cpSync, mkdirSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { describe, expect, it } from "vitest"
import { generateInbox } from "../../src/generate/generate-inbox.ts"
import { filesUnder, publishedContent, runOnce, tempDir, workspace } from "../support/pipeline.ts"

interface Scenario {
  readonly name: string
  readonly customers: number
  readonly days: number
  readonly seed: number
  /** How many days the first night loads; one day a night after that. */
  readonly firstNight: number
  /** Files that arrive late: the first file of each prefix from the first night's days, delivered on the last night but one. */
  readonly latePrefixes: ReadonlyArray<string>
  readonly overrides: Record<string, unknown>
  /** The merge guard holds identifiers back in this data (so nights split customers too). */
  readonly guardHoldsBack: boolean
}

const scenarios: ReadonlyArray<Scenario> = [
  { name: "40 customers, 6 days, a support file two nights late", customers: 40, days: 6, seed: 5, firstNight: 3, latePrefixes: ["support/"], overrides: {}, guardHoldsBack: false },
  {
    // a low merge-guard limit makes shared identifiers appear night by night
    name: "150 customers, 9 days, web and store files late, merge guard at 1",
    customers: 150,
    days: 9,
    seed: 11,
    firstNight: 2,
    latePrefixes: ["web/", "store/"],
    overrides: { identity: { maxLinksPerType: 1 } },
    guardHoldsBack: true
  }
]

describe("nightly runs", () => {
  it.each(scenarios)("publish the same content as one full run over the same files ($name)", async (scenario) => {
    const generated = tempDir()
    await generateInbox({ inbox: generated, customers: scenario.customers, days: scenario.days, seed: scenario.seed, startDate: "2026-03-26", formats: "mixed" })
    const files = filesUnder(generated).map((f) => relative(generated, f)).sort()
    const dayOf = (f: string) => /(\d{4}-\d{2}-\d{2})/.exec(f)?.[1] ?? ""
    const days = [...new Set(files.map(dayOf))].sort()
    const late = scenario.latePrefixes.map((prefix) => files.find((f) => f.startsWith(prefix) && days.slice(0, scenario.firstNight).includes(dayOf(f))))
    expect(late.every((f) => f !== undefined)).toBe(true)

    const nightly = workspace()
    const deliver = (f: string) => {
      mkdirSync(dirname(join(nightly.inbox, f)), { recursive: true })
      cpSync(join(generated, f), join(nightly.inbox, f))
    }
    const nights = [days.slice(0, scenario.firstNight), ...days.slice(scenario.firstNight).map((d) => [d])]
    for (const [i, night] of nights.entries()) {
      for (const f of files) if (night.includes(dayOf(f)) && !late.includes(f)) deliver(f)
      if (i === nights.length - 2) for (const f of late) if (f !== undefined) deliver(f)
      const summary = await runOnce(nightly, scenario.overrides)
      expect(summary.refresh.mode).toBe(i === 0 ? "full" : "incremental")
    }

    const full = workspace()
    cpSync(generated, full.inbox, { recursive: true })
    const once = await runOnce(full, scenario.overrides)
    if (scenario.guardHoldsBack) expect(once.identity.sharedIdentifiers).toBeGreaterThan(0)

    const a = await publishedContent(nightly.out)
    const b = await publishedContent(full.out)
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    // parsed, so a failure shows the rows that differ
    for (const table of Object.keys(b)) expect(JSON.parse(a[table] ?? "null"), table).toEqual(JSON.parse(b[table] ?? "null"))
    expect(JSON.parse(b["events_support"] ?? "[]").length).toBeGreaterThan(0)
  }, 300_000)
})
