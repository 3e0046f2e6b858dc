/** An IANA time zone name (or UTC), checked against the zones this Node.js knows (ICU). */
import { Schema } from "effect"

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export const TimeZone = Schema.String.pipe(
  Schema.filter(isTimeZone, { message: (issue) => `unknown IANA time zone ${JSON.stringify(issue.actual)} (e.g. Europe/Berlin, UTC)` })
)
