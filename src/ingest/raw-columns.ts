/**
 * Maps the columns a file actually has onto a source's schema columns. Used by the readers of
 * formats with a header (CSV, Parquet, Arrow): a missing required column makes the file
 * unreadable, extra columns are ignored, names match case-insensitively.
 */
import { sourceColumns, type SourceName } from "../../schemas/sources.ts"

export interface ColumnMapping {
  /** schema column name → the file's column name, for the columns the file has */
  readonly present: ReadonlyMap<string, string>
  readonly missingRequired: ReadonlyArray<string>
}

export const mapColumns = (source: SourceName, fileColumns: ReadonlyArray<string>): ColumnMapping => {
  const byLower = new Map<string, string>()
  for (const c of fileColumns) {
    const key = c.trim().toLowerCase()
    if (!byLower.has(key)) byLower.set(key, c)
  }
  const present = new Map<string, string>()
  const missingRequired: Array<string> = []
  for (const c of sourceColumns(source)) {
    const found = byLower.get(c.name)
    if (found !== undefined) present.set(c.name, found)
    else if (c.required) missingRequired.push(c.name)
  }
  return { present, missingRequired }
}

export const missingColumnsReason = (missing: ReadonlyArray<string>, found: ReadonlyArray<string>): string =>
  `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
  `(found: ${found.slice(0, 12).join(", ")}${found.length > 12 ? ", …" : ""}); is it the format its name says?`
