/**
 * Qualtrics' response export (CSV, "3 header rows": column names, question texts, ImportId
 * JSON) as survey events: one event per answered NPS, CSAT or CES question of a response.
 * NPS questions are found by the `<Q>_NPS_GROUP` column Qualtrics adds to them; CSAT and CES
 * questions are named in the options. docs/presets/qualtrics.md.
 */
import type { PresetContext, PresetMapping } from "./preset.ts"

const stringList = (v: unknown): ReadonlyArray<string> | null =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? v : null

/**
 * The time zone row 3 names for RecordedDate (`{"ImportId":"recordedDate","timeZone":"America/Denver"}`).
 * An export requested through the API in UTC says `"timeZone":"Z"`, which is no zone name.
 */
const recordedZone = (header: ReadonlyArray<string>, importIds: ReadonlyArray<string>): string | null => {
  const cell = importIds[header.indexOf("RecordedDate")] ?? ""
  const m = /["']timeZone["']\s*:\s*["']([^"']+)["']/.exec(cell)
  const zone = m?.[1] ?? null
  return zone !== null && /^z$/i.test(zone) ? "UTC" : zone
}

/**
 * Responses that are not customers' answers, by `Status` (a bit set: 1 preview, 2 test,
 * 8 spam, 16 offline) as the numeric export writes it and as the choice-text export labels it.
 */
export const notAnswers = [
  "1", "2", "8", "9", "12", "17",
  "Survey Preview", "Survey Test", "Spam", "Survey Preview Spam", "Imported Spam", "Offline Survey Preview"
]

export const qualtrics = (context: PresetContext): PresetMapping => {
  // records, not lines: a question text in row 2 may hold a line break
  const [header = [], , importIds = []] = context.headRecords(3)
  // the current export has an ImportId row; the legacy one only the question texts
  const extraHeaderRows = importIds.some((c) => c.includes("ImportId")) ? 2 : 1
  const options = context.options
  const nps = stringList(options["nps"]) ?? header.filter((c) => header.includes(`${c}_NPS_GROUP`))
  const csat = stringList(options["csat"]) ?? []
  const ces = stringList(options["ces"]) ?? []
  const firstType = nps.length > 0 ? "nps" : csat.length > 0 ? "csat" : "ces"
  const zone = typeof options["timezone"] === "string" ? options["timezone"] : recordedZone(header, importIds)
  const comment = typeof options["comment"] === "string" ? options["comment"] : null
  const question = (type: "nps" | "csat" | "ces") => (q: string, i: number) => ({
    fields: {
      event_id: { template: `{ResponseId}-${q}` },
      survey_type: { const: type },
      score: q,
      // a response's comment once, with its first question, so it is scored once
      ...(comment !== null && i === 0 && type === firstType ? { comment } : {})
    },
    // an unanswered question is no response to it
    filter: { column: q, notIn: [""] }
  })
  const text = (key: string) => (typeof options[key] === "string" ? { [key]: { const: options[key] } } : {})
  return {
    csv: { headerRows: extraHeaderRows, delimiter: "auto" },
    ...(zone === null ? {} : { timestamps: { timezone: zone } }),
    fields: {
      // the legacy exporter has no RecordedDate: its EndDate is when the response was closed
      occurred_at: { coalesce: ["RecordedDate?", "EndDate?"] },
      // the legacy exporter's name for it is ExternalDataReference
      customer_id: { coalesce: ["ExternalReference?", "ExternalDataReference?"] },
      email: "RecipientEmail?",
      // EN, DE, PT-BR → en, de, pt
      language: { column: "UserLanguage?", pattern: "^([A-Za-z]{2})", case: "lower" },
      ...text("touchpoint"),
      ...text("channel")
    },
    filter: { column: "Status?", notIn: notAnswers },
    explode: [...nps.map(question("nps")), ...csat.map(question("csat")), ...ces.map(question("ces"))]
  }
}
