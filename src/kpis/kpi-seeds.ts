/**
 * Configuration that the KPI models read as seed tables. The values travel as one bound JSON
 * parameter per seed and are unpacked by the model (sql/kpis/int_*.sql), so no config value is
 * ever spliced into SQL text.
 */
import type { Config } from "../../schemas/config.ts"

type BusinessHours = Config["kpis"]["businessHours"]

/** Weekly opening ranges as [{weekday, opens, closes}]; '[]' (always closed) when no calendar is set. */
export const weeklyHoursSeed = (hours: BusinessHours): string =>
  JSON.stringify(
    hours === null
      ? []
      : Object.entries(hours.weekly).flatMap(([weekday, ranges]) =>
        (ranges ?? []).map(([opens, closes]) => ({ weekday: Number(weekday), opens, closes }))
      )
  )

export const holidaysSeed = (hours: BusinessHours): string => JSON.stringify(hours === null ? [] : hours.holidays)

export const contactReasonClassesSeed = (reasons: Config["contactReasons"]): string =>
  JSON.stringify(
    Object.entries(reasons).map(([contactReason, levels]) => ({
      contact_reason: contactReason,
      customer_value: levels.customerValue,
      company_value: levels.companyValue
    }))
  )
