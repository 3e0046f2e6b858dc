/**
 * Whether a cron expression can fall into a local hour that daylight saving skips or repeats.
 * node-cron silently skips a run whose local time does not exist (02:30 Europe/Berlin on the
 * last Sunday of March) and, at the autumn change, the hour repeats.
 */
import cron from "node-cron"

export interface DstHour {
  /** Local wall-clock hour (0–23) that is skipped or repeated. */
  readonly hour: number
  readonly kind: "skipped" | "repeated"
  /** The local date of the change, YYYY-MM-DD. */
  readonly date: string
}

// One formatter per time zone and shape: building an Intl.DateTimeFormat costs far more than
// using one, and a year is checked hour by hour.
const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`
  const known = formatters.get(key)
  if (known !== undefined) return known
  const made = new Intl.DateTimeFormat(locale, { timeZone, hourCycle: "h23", ...options })
  formatters.set(key, made)
  return made
}

const offsetMinutes = (instant: number, timeZone: string): number => {
  const parts = formatter("en-US", timeZone, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
    .formatToParts(new Date(instant))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value)
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"))
  return Math.round((local - Math.floor(instant / 60000) * 60000) / 60000)
}

const localParts = (instant: number, timeZone: string) => {
  const parts = formatter("en-CA", timeZone, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit" }).formatToParts(new Date(instant))
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ""
  return { date: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) }
}

/** The local hours skipped or repeated by DST changes within a year from `from`. */
export const dstHours = (timeZone: string, from: Date): ReadonlyArray<DstHour> => {
  const out: Array<DstHour> = []
  const step = 3600_000
  // Whole UTC hours, so that the instant just before a step is still in the old offset.
  const start = Math.floor(from.getTime() / step) * step
  let previous = offsetMinutes(start, timeZone)
  for (let t = start + step; t < start + 366 * 24 * step; t += step) {
    const current = offsetMinutes(t, timeZone)
    if (current === previous) continue
    const shift = current - previous
    // Wall clock just before the change, in the old offset.
    const before = localParts(t - 1, timeZone)
    const hours = Math.max(1, Math.round(Math.abs(shift) / 60))
    for (let h = 1; h <= hours; h++) {
      if (shift > 0) out.push({ hour: (before.hour + h) % 24, kind: "skipped", date: before.date })
      else out.push({ hour: (before.hour - hours + h + 24) % 24, kind: "repeated", date: before.date })
    }
    previous = current
  }
  return out
}

/** The DST hours a cron expression can match (empty when it is safe). */
export const dstConflicts = (expression: string, timeZone: string, from: Date): ReadonlyArray<DstHour> => {
  const hours = new Set(cron.parse(expression).hour)
  return dstHours(timeZone, from).filter((d) => hours.has(d.hour))
}
