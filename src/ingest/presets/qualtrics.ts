/**
 * Qualtrics' response export (CSV, "3 header rows": column names, question texts, ImportId
 * JSON) as survey events: one event per answered NPS, CSAT or CES question of a response.
 * NPS questions are found by the `<Q>_NPS_GROUP` column Qualtrics adds to them; CSAT and CES
 * questions are named in the options. docs/presets/qualtrics.md.
 */
import type { PresetContext, PresetMapping } from "./preset.ts"

const stringList = (v: unknown): ReadonlyArray<string> | null =>
  Array.isArray(v) && v.every((x) => typeof x === "string") ? v : null

/** The time zone row 3 names for RecordedDate (`{"ImportId":"recordedDate","timeZone":"America/Denver"}`). */
const recordedZone = (header: ReadonlyArray<string>, importIds: ReadonlyArray<string>): string | null => {
  const cell = importIds[header.indexOf("RecordedDate")] ?? ""
  const m = /["']timeZone["']\s*:\s*["']([^"']+)["']/.exec(cell)
  return m?.[1] ?? null
}

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
      occurred_at: "RecordedDate",
      customer_id: "ExternalReference?",
      email: "RecipientEmail?",
      // EN, DE, PT-BR → en, de, pt
      language: { column: "UserLanguage?", pattern: "^([A-Za-z]{2})", case: "lower" },
      ...text("touchpoint"),
      ...text("channel")
    },
    // survey previews and tests are not customers' answers
    filter: { column: "Status?", notIn: ["1", "2", "Survey Preview", "Survey Test"] },
    explode: [...nps.map(question("nps")), ...csat.map(question("csat")), ...ces.map(question("ces"))]
  }
}
