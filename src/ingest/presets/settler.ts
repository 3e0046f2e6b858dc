/**
 * What a preset settles across the files of a run that one record cannot say, and what it keeps
 * of that for later runs (src/ingest/presets/index.ts lists them).
 */
import type { Effect } from "effect"
import type { Statements } from "../../duckdb/duckdb.ts"
import type { WarehouseError } from "../../errors.ts"
import type { IdentifierType, RowKeys } from "../person-keys.ts"

export interface PresetSettler {
  /** On the source's raw rows of the files of the preset the run read, before they are validated. */
  readonly settle: (db: Statements, fileIds: ReadonlyArray<number>) => Effect.Effect<void, WarehouseError>
  /**
   * In ingest's commit transaction of every run, whether it settled or not: keeps what settle
   * learnt when the run loads (`keep`; files read again are in the temp table replaced_files,
   * `pads` hash keys for the suppression list), and drops it either way.
   */
  readonly commit: (tx: Statements, context: { readonly pads: Readonly<Record<string, string>>; readonly keep: boolean }) => Effect.Effect<void, WarehouseError>
  /** The warehouse table of rows it keeps that name a person, if any. */
  readonly kept?: KeptPersonRows
}

/**
 * A warehouse table of rows a settler keeps that name a person. `forget` does not delete such a
 * row (the next run would then settle as if it had never been read, and give the person's later
 * events to someone else) but replaces the person's identifier with a tombstone that names no
 * one and puts the tombstone's key on the suppression list, so whatever the row decides for
 * later events is suppressed. Retention drops rows from before its cut.
 */
export interface KeptPersonRows {
  readonly table: string
  /** The raw keys of a row under `alias` (src/ingest/person-keys.ts). */
  readonly keys: (alias: string) => RowKeys
  /** The column that holds the person's identifier, and its identifier type. */
  readonly identifier: { readonly column: string; readonly type: IdentifierType }
  /** SQL: the tombstone for the identifier `value` (a keyed hash: $pii_ipad, $pii_opad). */
  readonly tombstone: (value: string) => string
  /** The row's instant, for retention. */
  readonly at: string
}
