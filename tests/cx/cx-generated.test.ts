import { describe, expect, it } from "vitest"
import { generateInbox } from "../../src/generate/generate-inbox.ts"
import { readTable, runOnce, workspace } from "../support/pipeline.ts"

// The generator's cause and effect (docs/cx-drivers.md, "The synthetic data"): late deliveries
// lower the scores about the order and the chance to buy again. The drivers find it; with the
// effects switched off, the scores of late and punctual orders no longer differ.
const drivers = async (effects?: { lateDelivery: number; slowReply: number; repurchaseDrop: number; recovery: number }) => {
  const ws = workspace()
  await generateInbox({ inbox: ws.inbox, customers: 400, days: 120, seed: 5, startDate: "2026-01-05", formats: "ndjson", ...(effects === undefined ? {} : { effects }) })
  await runOnce(ws)
  const rows = await readTable(ws.out, "cx_drivers", "driver, outcome")
  const of = (driver: string, outcome: string) => {
    const r = rows.find((x) => x["driver"] === driver && x["outcome"] === outcome)
    return { difference: Number(r?.["difference"]), low: Number(r?.["difference_low"]), high: Number(r?.["difference_high"]), n: Number(r?.["exposed_n"]) }
  }
  return of
}

describe("CX drivers on generated data", () => {
  it("find the effect of late deliveries built into the generator, and none when it is switched off", async () => {
    const withEffects = await drivers()
    const csat = withEffects("delivery_late", "csat_top2_share")
    expect(csat.n).toBeGreaterThan(30)
    expect(csat.high).toBeLessThan(0)
    expect(withEffects("delivery_late", "review_mean").difference).toBeLessThan(0)
    expect(withEffects("delivery_late", "repurchase_90d_share").difference).toBeLessThan(0)

    const without = await drivers({ lateDelivery: 0, slowReply: 0, repurchaseDrop: 0, recovery: 0 })
    const flat = without("delivery_late", "csat_top2_share")
    expect(flat.low).toBeLessThan(0)
    expect(flat.high).toBeGreaterThan(0)
  }, 180_000)
})
