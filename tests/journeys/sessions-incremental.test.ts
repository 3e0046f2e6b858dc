import { describe, expect, it } from "vitest"
import { deliverLines as deliver, publishedContent, readTable, runOnce, webLine as web, workspace } from "../support/pipeline.ts"

// Night 1: device c1 has sessions at 08:00 (w1, w2), 12:00 (w3) and 15:00 (w4, w5, ending 15:10);
// device c2 one session at 20:00 (w6). Timeout 30 minutes (the default).
const night1 = [
  web("w1", "2026-03-02T08:00:00Z", "c1"),
  web("w2", "2026-03-02T08:05:00Z", "c1"),
  web("w3", "2026-03-02T12:00:00Z", "c1"),
  web("w4", "2026-03-02T15:00:00Z", "c1"),
  web("w5", "2026-03-02T15:10:00Z", "c1"),
  web("w6", "2026-03-02T20:00:00Z", "c2")
]
// Night 2, each event testing one edge of where a device is sessionised again from:
// - w7 at 15:39:59, 29:59 after w5: it joins the 15:00 session, which starts before it;
// - w8 at 12:10 (late): it joins the 12:00 session, between two kept sessions;
// - w9 at 19:40 on c2 (late): it now starts c2's session, so w6's session takes w9's id;
// - w10 at 20:30 on c2, exactly the timeout after w6: a session of its own.
const night2 = [
  web("w7", "2026-03-02T15:39:59Z", "c1"),
  web("w8", "2026-03-02T12:10:00Z", "c1"),
  web("w9", "2026-03-02T19:40:00Z", "c2"),
  web("w10", "2026-03-02T20:30:00Z", "c2", { event_type: "purchase", order_id: "o1", revenue: "20" })
]

describe("incremental sessions", () => {
  it("sessionises a device again from the first session a new event can reach, as a full build does", async () => {
    const nightly = workspace()
    deliver(nightly, "night1", night1)
    expect((await runOnce(nightly)).refresh.mode).toBe("full")
    deliver(nightly, "night2", night2)
    expect((await runOnce(nightly)).refresh.mode).toBe("incremental")

    const full = workspace()
    deliver(full, "night1", night1)
    deliver(full, "night2", night2)
    expect((await runOnce(full)).refresh.mode).toBe("full")

    const sessions = (await readTable(nightly.out, "touchpoints", "started_at")).map((r) => [r["touchpoint_id"], Number(r["event_count"])])
    expect(sessions).toEqual([
      ["web:w1", 2],
      ["web:w3", 2],
      ["web:w4", 3],
      ["web:w9", 2],
      ["web:w10", 1]
    ])
    const incremental = await publishedContent(nightly.out)
    const rebuilt = await publishedContent(full.out)
    for (const table of Object.keys(rebuilt)) expect(JSON.parse(incremental[table] ?? "null"), table).toEqual(JSON.parse(rebuilt[table] ?? "null"))
  }, 60_000)
})
