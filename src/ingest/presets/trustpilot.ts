/**
 * Trustpilot's review export (CSV) as reviews. Its column names vary between export
 * generations (`Review Id` / `Review ID`, `Company Reply Date (UTC)` / `Business Reply Date (UTC)`);
 * names match case-insensitively and the variants are read in turn. docs/presets/trustpilot.md.
 */
import type { PresetMapping } from "./preset.ts"

export const trustpilot: PresetMapping = {
  // the export says (UTC) in its column names and writes no offset
  timestamps: { timezone: "UTC" },
  // re-saved by a spreadsheet it may use ; or tabs
  csv: { delimiter: "auto" },
  fields: {
    event_id: "Review Id",
    occurred_at: "Review Created (UTC)",
    platform: { const: "trustpilot" },
    rating: "Review Stars",
    title: "Review Title?",
    text: "Review Content?",
    language: "Review Language?",
    replied_at: { coalesce: ["Company Reply Date (UTC)?", "Business Reply Date (UTC)?"] },
    author_id: "Review Consumer User Id?",
    store_id: { coalesce: ["Location Name?", "Location Id?"] }
  }
}
