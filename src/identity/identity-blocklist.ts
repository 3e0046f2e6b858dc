/**
 * The block list reaches the identity graph as the table identity_blocklist. Config lists raw
 * values, but staging holds e-mail addresses and phone numbers only as keyed hashes, so the
 * values are hashed here with the run's pseudonymisation key, after the same normalisation
 * ingest applies. Definition: docs/identity.md ("Block list").
 */
import { Effect } from "effect"
import { listValue } from "@duckdb/node-api"
import type { Statements } from "../duckdb/duckdb.ts"
import type { WarehouseError } from "../errors.ts"
import type { IdentifierType } from "../ingest/person-keys.ts"
import { emailShaped, normaliseEmail, normalisePhone, pseudonym } from "../ingest/pseudonymise.ts"
import { rawIdentifierTypes } from "../ingest/source-columns.ts"

export interface BlockedIdentifier {
  readonly identifier_type: IdentifierType
  readonly identifier: string
}

/** Every configured value for every identifier type, as it would appear in staging. */
export const blockedIdentifiers = (blocklist: ReadonlyArray<string>, piiKey: Buffer): ReadonlyArray<BlockedIdentifier> => {
  const rows = new Map<string, BlockedIdentifier>()
  const add = (row: BlockedIdentifier) => rows.set(`${row.identifier_type}\u0000${row.identifier}`, row)
  for (const value of blocklist) {
    const email = normaliseEmail(value)
    if (email !== null) add({ identifier_type: "email", identifier: pseudonym(piiKey, email) })
    const phone = normalisePhone(value)
    if (phone !== null) add({ identifier_type: "phone", identifier: pseudonym(piiKey, phone) })
    const raw = value.trim()
    // an address in an id column is staged as its pseudonym (src/ingest/source-columns.ts)
    const staged = emailShaped(raw) && email !== null ? pseudonym(piiKey, email) : raw
    for (const identifier_type of rawIdentifierTypes) add({ identifier_type, identifier: staged })
  }
  return [...rows.values()]
}

const insertRows = (db: Statements, table: "identity_blocklist" | "forget_blocklist", rows: ReadonlyArray<BlockedIdentifier>) =>
  rows.length === 0
    ? Effect.void
    : db.run(
      `insert into ${table} (identifier_type, identifier) select unnest($types), unnest($identifiers)`,
      {
        types: listValue(rows.map((r) => r.identifier_type)),
        identifiers: listValue(rows.map((r) => r.identifier))
      }
    )

/** Replaces identity_blocklist with the configured values; run it before the identity stage. */
export const writeIdentityBlocklist = (
  db: Statements,
  blocklist: ReadonlyArray<string>,
  piiKey: Buffer
): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* db.runFile("identity/identity_blocklist.sql")
    yield* db.run("delete from identity_blocklist")
    yield* insertRows(db, "identity_blocklist", blockedIdentifiers(blocklist, piiKey))
  })

/**
 * The configured values as the temporary table forget_blocklist, for planning an erasure
 * (src/privacy/erasure.ts) without writing to the warehouse: a dry run changes nothing, and a
 * real one leaves identity_blocklist to the run that follows it.
 */
export const planningBlocklist = (
  db: Statements,
  blocklist: ReadonlyArray<string>,
  piiKey: Buffer
): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    yield* db.run("create or replace temp table forget_blocklist (identifier_type varchar not null, identifier varchar not null)")
    yield* insertRows(db, "forget_blocklist", blockedIdentifiers(blocklist, piiKey))
  })
