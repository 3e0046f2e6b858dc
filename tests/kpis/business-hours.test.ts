import { describe, expect, it } from "vitest"
import type { Config } from "../../schemas/config.ts"
import { defaultConfig, num, pageView, responseRow, ticketEvent, withKpis } from "./kpi-warehouse.ts"

const nineToFive: ReadonlyArray<readonly [string, string]> = [["09:00", "17:00"]]

const withCalendar = (
  weekly: NonNullable<Config["kpis"]["businessHours"]>["weekly"],
  holidays: ReadonlyArray<string> = [],
  slaMinutes = 240
): Config => ({
  ...defaultConfig,
  kpis: { ...defaultConfig.kpis, supportFirstReplySlaMinutes: slaMinutes, businessHours: { weekly, holidays } }
})

const mondayToFriday = { "1": nineToFive, "2": nineToFive, "3": nineToFive, "4": nineToFive, "5": nineToFive, "6": [], "7": [] }

const firstReplyMinutes = (created: string, replied: string, config: Config, date: string) =>
  withKpis({
    support: [ticketEvent("T1", "created", created), ticketEvent("T1", "agent_reply", replied)]
  }, { config }, (db) => responseRow(db, { date, metric: "support_first_reply" }))

describe("support durations in business hours (Europe/Berlin)", () => {
  it("a ticket created on Saturday and answered on the Monday after the DST change counts only Monday's open minutes", async () => {
    // Sat 2026-03-28 10:00 CET → Mon 2026-03-30 10:30 CEST; open Mon 09:00–10:30 → 90 minutes
    const row = await firstReplyMinutes("2026-03-28T09:00:00Z", "2026-03-30T08:30:00Z", withCalendar(mondayToFriday), "2026-03-28")
    expect(row?.["p50_minutes"]).toBeCloseTo(90, 9)
    expect(row?.["time_basis"]).toBe("business")
  })

  it("a ticket from Friday afternoon to Monday morning counts Friday's last hour and Monday's first half hour", async () => {
    // Fri 16:00 CET → 17:00 = 60, Mon 09:00 → 09:30 CEST = 30 → 90 minutes
    const row = await firstReplyMinutes("2026-03-27T15:00:00Z", "2026-03-30T07:30:00Z", withCalendar(mondayToFriday), "2026-03-27")
    expect(row?.["p50_minutes"]).toBeCloseTo(90, 9)
  })

  it("a holiday is closed all day", async () => {
    // Thu 2026-04-02 16:30 CEST → 17:00 = 30, Good Friday closed, Mon 09:00 → 09:15 = 15 → 45 minutes
    const row = await firstReplyMinutes(
      "2026-04-02T14:30:00Z", "2026-04-06T07:15:00Z", withCalendar(mondayToFriday, ["2026-04-03"]), "2026-04-02"
    )
    expect(row?.["p50_minutes"]).toBeCloseTo(45, 9)
  })

  it("a day open around the clock on the DST Sunday has 23 open hours", async () => {
    // only Sunday open 00:00–24:00; Sat 23:00 CET → Mon 01:00 CEST spans all of Sunday = 23 h = 1380 min
    const sundayOnly = { "1": [], "2": [], "3": [], "4": [], "5": [], "6": [], "7": [["00:00", "24:00"] as const] }
    const row = await firstReplyMinutes("2026-03-28T22:00:00Z", "2026-03-29T23:00:00Z", withCalendar(sundayOnly), "2026-03-28")
    expect(row?.["p50_minutes"]).toBeCloseTo(1380, 9)
  })

  it("an open ticket is aged in business minutes, so the night does not breach the SLA", async () => {
    // Mon 16:00 CEST created, as-of Tue 09:30 CEST: business age 60 + 30 = 90 ≤ SLA 100 (calendar age 1050)
    const row = await withKpis({
      support: [ticketEvent("T1", "created", "2026-03-30T14:00:00Z")],
      web: [pageView("2026-03-31T07:30:00Z")]
    }, { config: withCalendar(mondayToFriday, [], 100) }, (db) => responseRow(db, { date: "2026-03-30", metric: "support_first_reply" }))
    expect(num(row?.["open_n"])).toBe(1)
    expect(num(row?.["open_over_threshold"])).toBe(0)
  })

  it("overlapping opening ranges of one day are counted once", async () => {
    // Monday 09:00–12:00 and 11:00–13:00 merge to 09:00–13:00; created 08:00 CEST, reply 14:00 CEST → 240
    const overlapping = { ...mondayToFriday, "1": [["09:00", "12:00"] as const, ["11:00", "13:00"] as const] }
    const row = await firstReplyMinutes("2026-03-30T06:00:00Z", "2026-03-30T12:00:00Z", withCalendar(overlapping), "2026-03-30")
    expect(row?.["p50_minutes"]).toBeCloseTo(240, 9)
  })
})

describe("when a first reply falls due", () => {
  it("on business hours: the SLA's open minutes after creation, across the weekend and the DST change", async () => {
    // created Fri 2026-03-27 16:00 CET with an SLA of 120 open minutes: Friday's last hour, then
    // Monday 09:00–10:00 CEST → due Mon 2026-03-30 08:00Z
    const rows = await withKpis({
      support: [ticketEvent("T1", "created", "2026-03-27T15:00:00Z"), ticketEvent("T1", "agent_reply", "2026-03-30T09:00:00Z")]
    }, { config: withCalendar(mondayToFriday, [], 120) }, (db) =>
      db.all("select strftime(first_reply_due_at, '%Y-%m-%dT%H:%M:%SZ') as due from int_ticket_timelines"))
    expect(rows).toEqual([{ due: "2026-03-30T08:00:00Z" }])
  })

  it("on calendar time: created plus the SLA", async () => {
    const rows = await withKpis({
      support: [ticketEvent("T1", "created", "2026-03-27T15:00:00Z")]
    }, { config: { ...defaultConfig, kpis: { ...defaultConfig.kpis, supportFirstReplySlaMinutes: 120 } } }, (db) =>
      db.all("select strftime(first_reply_due_at, '%Y-%m-%dT%H:%M:%SZ') as due from int_ticket_timelines"))
    expect(rows).toEqual([{ due: "2026-03-27T17:00:00Z" }])
  })
})
