/**
 * What a preset settles across the files of a run that one record cannot say, and what it keeps
 * of that for later runs (src/ingest/presets/index.ts lists them).
 */
import type { Effect } from "effect"
import type { Statements } from "../../duckdb/duckdb.ts"
import type { WarehouseError } from "../../errors.ts"
import type { RowKeys } from "../person-keys.ts"

export interface PresetSettler {
  /** On the source's raw rows of the files of the preset the run read, before they are validated. */
  readonly settle: (db: Statements, fileIds: ReadonlyArray<number>) => Effect.Effect<void, WarehouseError>
  /**
   * In ingest's commit transaction of every run, whether it settled or not: keeps what settle
   * learnt when the run loads (`keep`; files read again are in the temp table replaced_files,
   * `pads` hash keys for the suppression list), and drops it either way.
   */
  readonly commit: (tx: Statements, context: { readonly pads: Readonly<Record<string, string>>; readonly keep: boolean }) => Effect.Effect<void, WarehouseError>
}

/** A warehouse table of rows a settler keeps that are a person's: `forget` erases them by their keys. */
export interface KeptPersonRows {
  readonly table: string
  /** The raw keys of a row under `alias` (src/ingest/person-keys.ts). */
  readonly keys: (alias: string) => RowKeys
}
