/** What a preset is: a source mapping shipped for a known system (contract section 6). */
import type { FileMapping } from "../../../schemas/mapping.ts"
import type { SourceName } from "../../../schemas/sources.ts"

/** A mapping without its `match`: the config entry that names the preset says which files. */
export type PresetMapping = Omit<FileMapping, "match" | "preset" | "options">

/** What a preset may depend on besides its options: the source it loads and the file's name. */
export interface PresetContext {
  readonly source: SourceName
  /** The file's path below its source folder. */
  readonly sourcePath: string
  readonly options: Readonly<Record<string, unknown>>
  /**
   * The file's first n CSV records, split into cells (quoted line breaks kept inside their
   * cell), for presets whose mapping depends on the header; `delimiter` undefined: detected.
   */
  readonly headRecords: (n: number, delimiter?: string, quote?: string) => ReadonlyArray<ReadonlyArray<string>>
  /** Lower-case column or key names of the file's header or first record (src/ingest/file-mappings.ts headNames). */
  readonly headNames: () => ReadonlySet<string>
  /** The top-level keys of an NDJSON file's first line, as written; empty when it is no JSON object. */
  readonly firstRecordKeys: () => ReadonlySet<string>
}
