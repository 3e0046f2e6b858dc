/**
 * The business month of an instant, as publishing partitions the staging tables by it
 * (src/publish/month-of.ts): read off the instants the months start where those decide it,
 * from the zone's rules where a zone changes its clocks near a month's start; the same month
 * as `strftime(timezone(zone, instant), '%Y-%m')` either way.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Duckdb } from "../../src/duckdb/duckdb.ts"
import { monthOfInstant, ruledMonth } from "../../src/publish/month-of.ts"
import { inMemory } from "../journeys/journey-warehouse.ts"

// Every 37 minutes through 2023, and each month's first instant in the zone with the
// microseconds either side of it.
const instants = (zone: string) => `select instant from (
  select instant from range('2023-01-01 00:00:00+00'::timestamptz, '2024-01-01 00:00:00+00'::timestamptz, interval 37 minute) as r (instant)
  union all
  select timezone('${zone}', m) + d * interval 1 microsecond
  from range('2023-01-01'::timestamp, '2024-01-01'::timestamp, interval 1 month) as r (m)
  cross join (values (-1), (0), (1)) as v (d)
)`

const compare = (zone: string) =>
  Effect.runPromise(Effect.gen(function*() {
    const db = yield* Duckdb
    const sql = instants(zone)
    const month = yield* monthOfInstant(db, sql, {}, { column: "instant", timezone: zone })
    const [row] = yield* db.all(
      `select count(*) as n, count(*) filter (where ${month.sql} is distinct from ${ruledMonth({ column: "instant", timezone: zone })}) as differ,
  count(distinct ${month.sql}) as months
from (${sql})`,
      month.params
    )
    const ruled = month.sql === ruledMonth({ column: "instant", timezone: zone }) && Object.keys(month.params).length === 0
    return { bySearch: month.sql.startsWith("(case"), ruled, n: Number(row?.["n"]), differ: Number(row?.["differ"]), months: Number(row?.["months"]) }
  }).pipe(Effect.provide(inMemory)))

describe("monthOfInstant", () => {
  // Berlin: DST at 02:00/03:00 on the last Sunday of March and October; Kolkata +05:30;
  // Kathmandu +05:45; New York's DST at 02:00 local; UTC never changes.
  it.each(["Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "UTC"])(
    "in %s compares against the months' starts and gives the zone's months",
    async (zone) => {
      const result = await compare(zone)
      expect(result.bySearch).toBe(true)
      expect(result.n).toBe(14206 + 36)
      expect(result.differ).toBe(0)
      // December 2022 (the microsecond before January) to December 2023, and January 2024 east of UTC
      expect(result.months).toBe(zone === "America/New_York" || zone === "UTC" ? 13 : 14)
    }
  )

  // On 2 April 2023, a day after April began, Chile went back from -03 to -04 at midnight,
  // Lord Howe from +11 to +10:30 at 02:00 and Chatham from +13:45 to +12:45 at 03:45.
  it.each(["America/Santiago", "Australia/Lord_Howe", "Pacific/Chatham"])(
    "in %s takes the zone's rules: its clocks change within two days of a month's start",
    async (zone) => {
      const result = await compare(zone)
      expect(result.bySearch).toBe(false)
      expect(result.ruled).toBe(true)
      expect(result.differ).toBe(0)
    }
  )

  it("takes the zone's rules for no rows, and gives no month for an instant that is null", async () => {
    const result = await Effect.runPromise(Effect.gen(function*() {
      const db = yield* Duckdb
      const none = yield* monthOfInstant(db, "select now() as instant where false", {}, { column: "instant", timezone: "Europe/Berlin" })
      const sql = "select * from (values ('2026-03-31 21:59:59.999999+00'::timestamptz), ('2026-03-31 22:00:00+00'::timestamptz), (null)) as v (instant)"
      const some = yield* monthOfInstant(db, sql, {}, { column: "instant", timezone: "Europe/Berlin" })
      const rows = yield* db.all(`select ${some.sql} as month from (${sql}) order by instant nulls last`, some.params)
      return { none: none.sql, months: rows.map((r) => r["month"]) }
    }).pipe(Effect.provide(inMemory)))
    expect(result.none).toBe(ruledMonth({ column: "instant", timezone: "Europe/Berlin" }))
    expect(result.months).toEqual(["2026-03", "2026-04", null])
  })
})
