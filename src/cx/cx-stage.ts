/**
 * The CX drivers stage: what happened to a customer (a late delivery, a slow reply, a reopened
 * ticket) against what followed (their scores, reviews, repurchases, contacts), and the recovery
 * after each breach. Rebuilt in full every run from the KPI stage's timelines, which it reads on
 * the KPI chain's connection, and from the identity and journeys tables, so it starts once the
 * journeys stage has finished. Definitions: docs/cx-drivers.md.
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import type { Params } from "../duckdb/duckdb.ts"
import { martRows, type ModelStage, type StageContext } from "../run/stage.ts"
import { kpiTimelines } from "../kpis/kpis-stage.ts"

export const cxMarts = ["cx_drivers", "cx_drivers_monthly", "recovery_moments", "at_risk_customers"] as const


interface Model {
  readonly file: string
  readonly params: Params
}

const models = (ctx: StageContext): ReadonlyArray<Model> => {
  const { kpis, recovery, timezone } = ctx.config
  return [
    { file: "cx/int_cx_statistics.sql", params: {} },
    { file: "cx/int_cx_repurchase.sql", params: {} },
    {
      file: "cx/int_cx_units.sql",
      params: { timezone, delivery_threshold_minutes: kpis.deliveryThresholdMinutes, first_reply_sla_minutes: kpis.supportFirstReplySlaMinutes }
    },
    { file: "cx/int_cx_unit_outcomes.sql", params: {} },
    { file: "cx/int_cx_driver_groups.sql", params: { since: ctx.since, until: ctx.until } },
    { file: "cx/int_cx_driver_rows.sql", params: { min_responses: kpis.minSurveyResponses } },
    { file: "cx/cx_drivers.sql", params: {} },
    { file: "cx/cx_drivers_monthly.sql", params: {} },
    {
      file: "cx/recovery_moments.sql",
      params: { window_days: recovery.windowDays, actions: listValue([...recovery.actions]) }
    },
    { file: "cx/at_risk_customers.sql", params: { window_days: recovery.windowDays } }
  ]
}

const temporary = ["int_cx_units", "int_cx_unit_outcomes", "int_cx_driver_groups", "int_cx_driver_rows"]

export const cxStage: ModelStage = {
  name: "cx",
  after: ["journeys"],
  handOver: { consumes: [...kpiTimelines], produces: [] },
  run: Effect.fnUntraced(function*(ctx: StageContext) {
    yield* ctx.db.transaction((tx) => Effect.forEach(models(ctx), (m) => tx.runFile(m.file, m.params), { discard: true })).pipe(
      Effect.ensuring(Effect.forEach(temporary, (t) => ctx.db.run(`drop table if exists temp.main.${t}`), { discard: true }).pipe(Effect.ignore))
    )
    return yield* martRows(ctx.db, cxMarts)
  })
}
