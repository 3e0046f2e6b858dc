/**
 * The KPI stage: rebuilds the CX KPI marts response_times, survey_kpis and contact_reasons (and
 * their int_ tables) from the staging tables with the models in sql/kpis/, in one transaction so
 * a failed run leaves the previous marts in place. Definitions: docs/kpis.md.
 */
import { Effect } from "effect"
import { martRows, type ModelStage, type StageContext } from "../run/stage.ts"
import type { Params } from "../duckdb/duckdb.ts"
import { contactReasonClassesSeed, holidaysSeed, weeklyHoursSeed } from "./kpi-seeds.ts"

export { kpiOutputs, type KpiOutputWindow } from "./kpi-outputs.ts"

export const kpiMarts = ["response_times", "survey_kpis", "contact_reasons"] as const

/** The stage's temporary tables a later stage on its connection reads (the CX drivers). */
export const kpiTimelines = ["int_kpi_as_of", "int_delivery_timelines", "int_ticket_timelines"] as const

interface Model {
  readonly file: string
  readonly params: Params
}

/** The models in dependency order, each with exactly the parameters its statement uses. */
const models = (ctx: StageContext): ReadonlyArray<Model> => {
  const { kpis, timezone } = ctx.config
  const window = { since: ctx.since, until: ctx.until }
  return [
    { file: "kpis/int_kpi_as_of.sql", params: {} },
    { file: "kpis/int_business_hours_weekly.sql", params: { weekly: weeklyHoursSeed(kpis.businessHours) } },
    { file: "kpis/int_business_holidays.sql", params: { holidays: holidaysSeed(kpis.businessHours) } },
    { file: "kpis/int_business_intervals.sql", params: { timezone } },
    {
      file: "kpis/int_ticket_timelines.sql",
      params: { timezone, business_hours: kpis.businessHours !== null, first_reply_sla_minutes: kpis.supportFirstReplySlaMinutes }
    },
    { file: "kpis/int_delivery_timelines.sql", params: { timezone } },
    { file: "kpis/int_review_timelines.sql", params: { timezone } },
    {
      file: "kpis/int_response_items.sql",
      params: {
        first_reply_sla_minutes: kpis.supportFirstReplySlaMinutes,
        resolution_sla_minutes: kpis.supportResolutionSlaMinutes,
        delivery_threshold_minutes: kpis.deliveryThresholdMinutes,
        review_reply_sla_minutes: kpis.reviewReplySlaMinutes
      }
    },
    { file: "kpis/int_contact_reason_classes.sql", params: { classes: contactReasonClassesSeed(ctx.config.contactReasons) } },
    { file: "kpis/response_times.sql", params: window },
    { file: "kpis/survey_kpis.sql", params: { timezone, min_responses: kpis.minSurveyResponses, ...window } },
    { file: "kpis/contact_reasons.sql", params: { timezone, ...window } }
  ]
}


export const kpisStage: ModelStage = {
  name: "kpis",
  // its timelines, temporary tables, are read by the CX stage after it on the same connection
  handOver: { consumes: [], produces: [...kpiTimelines] },
  run: Effect.fnUntraced(function*(ctx: StageContext) {
    yield* ctx.db.transaction((tx) => Effect.forEach(models(ctx), (m) => tx.runFile(m.file, m.params), { discard: true }))
    return yield* martRows(ctx.db, kpiMarts)
  })
}
