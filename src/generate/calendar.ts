/**
 * Time arithmetic for the simulation. Customers live in Europe/Berlin, so behaviour (opening
 * hours, evening browsing peaks) is planned in Berlin local time, while files are cut by UTC day.
 * The DST rule is computed rather than taken from Intl so output cannot change with the ICU data
 * of the machine that runs the generator.
 */

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

const START_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** UTC midnight of a YYYY-MM-DD date, or undefined when the text is not a real date. */
export const parseDate = (text: string): number | undefined => {
  const m = START_DATE.exec(text)
  if (m === null) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return isoDate(ms) === text ? ms : undefined
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

const lastSundayUtc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay())
}

/** Europe/Berlin offset from UTC in minutes: CEST from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC. */
export const berlinOffsetMinutes = (ms: number): number => {
  const year = new Date(ms).getUTCFullYear()
  const summerStart = lastSundayUtc(year, 2) + HOUR
  const summerEnd = lastSundayUtc(year, 9) + HOUR
  return ms >= summerStart && ms < summerEnd ? 120 : 60
}

export const formatUtc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`

export const formatBerlin = (ms: number): string => {
  const offset = berlinOffsetMinutes(ms)
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 19)
  return `${local}+0${offset / 60}:00`
}

/** Berlin wall-clock parts of an instant. */
export const berlinParts = (ms: number): { readonly hour: number; readonly minute: number; readonly weekday: number; readonly dayStartUtc: number } => {
  const offset = berlinOffsetMinutes(ms) * MINUTE
  const local = new Date(ms + offset)
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate())
  // ISO weekday: 1 = Monday … 7 = Sunday.
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay()
  return { hour: local.getUTCHours(), minute: local.getUTCMinutes(), weekday, dayStartUtc: localMidnight - offset }
}

/** The instant at a Berlin wall-clock hour (fractional) on the Berlin day that contains `ms`. */
export const berlinAt = (ms: number, hour: number): number => {
  const { dayStartUtc } = berlinParts(ms)
  const guess = dayStartUtc + hour * HOUR
  // Correct for a DST switch between local midnight and the requested hour.
  return guess + (berlinOffsetMinutes(dayStartUtc) - berlinOffsetMinutes(guess)) * MINUTE
}

/**
 * Moves an instant into support opening hours (Mon–Sat 08:00–20:00 Berlin): agents answer when
 * the desk is open, which gives reply times their overnight and weekend tail.
 */
export const nextBusinessTime = (ms: number): number => {
  let t = ms
  for (let guard = 0; guard < 10; guard++) {
    const { hour, weekday } = berlinParts(t)
    if (weekday !== 7 && hour >= 8 && hour < 20) return t
    if (weekday !== 7 && hour < 8) return berlinAt(t, 8)
    t = berlinAt(berlinAt(t, 12) + DAY, 8)
  }
  return t
}

export const wholeSeconds = (ms: number): number => Math.floor(ms / SECOND) * SECOND
