/**
 * What makes an event (or a quarantined row) a person's, as keyed hashes: the one definition
 * `forget` erases by, the suppression list keeps and ingest checks new rows against
 * (docs/privacy.md, "Whose events").
 *
 * - identifier keys: `<type>:<value as staged>` for each identifier the row carries (email and
 *   phone are already HMAC hex when staged, so their key hashes the pseudonym);
 * - link keys: `event:<source>:<event_id>`, `order_id:<order_id>`, `ticket_id:<ticket_id>`.
 *
 * A row is the person's when one of its identifier keys is theirs, or its event key is one of
 * their events', or it carries no identifier at all and its order or ticket is one of theirs.
 * Every key is hashed with HMAC-SHA256 under the pseudonymisation key before it is stored, so
 * the suppression list, the erasures and the quarantine's hashes cannot be read back without it.
 */
import { sourceColumns, type SourceName } from "../../schemas/sources.ts"
import { sqlString } from "../duckdb/sql-text.ts"
import { hmacExpression, stagingName } from "./source-columns.ts"

/** The identifier types that link events to a customer (docs/identity.md, "Identifiers"). */
export const identifierTypes = ["anonymous_id", "customer_id", "email", "phone", "loyalty_id"] as const
export type IdentifierType = (typeof identifierTypes)[number]

const linkTypes = ["order_id", "ticket_id"] as const

/** A source's identifier columns as staged (`email` → `email_hash`), with their type. */
const identifierColumns = (source: SourceName): ReadonlyArray<{ readonly type: IdentifierType; readonly column: string }> =>
  sourceColumns(source)
    .filter((c) => (identifierTypes as ReadonlyArray<string>).includes(c.name))
    .map((c) => ({ type: c.name as IdentifierType, column: stagingName(c) }))

/** A source's order and ticket columns. */
const linkColumns = (source: SourceName): ReadonlyArray<string> =>
  sourceColumns(source).map((c) => c.name).filter((n) => (linkTypes as ReadonlyArray<string>).includes(n))

/** The keyed hash of a key (SQL). Parameters: $pii_ipad, $pii_opad (hmacPads). */
export const keyedHash = (keySql: string): string => hmacExpression(keySql)

/** A row's keys, as SQL expressions: raw (`type:value`), or hashed with `hashedKeys`. */
export interface RowKeys {
  /** varchar[]: the identifiers the row carries, never null, empty when it carries none. */
  readonly identifiers: string
  /** varchar: the event's own key. */
  readonly event: string
  /** varchar[]: its order and ticket. */
  readonly links: string
}

const keyList = (keys: ReadonlyArray<string>): string =>
  keys.length === 0 ? "cast([] as varchar[])" : `list_filter([${keys.join(", ")}], k -> k is not null)`

/** The raw keys of a row of `source` (staged columns under `alias`). */
export const rowKeys = (source: SourceName, alias: string): RowKeys => ({
  identifiers: keyList(identifierColumns(source).map((c) => `${sqlString(`${c.type}:`)} || ${alias}.${c.column}`)),
  event: `${sqlString(`event:${source}:`)} || ${alias}.event_id`,
  links: keyList(linkColumns(source).map((c) => `${sqlString(`${c}:`)} || ${alias}.${c}`))
})

/** The same keys hashed. */
export const hashedKeys = (keys: RowKeys): RowKeys => ({
  identifiers: `list_transform(${keys.identifiers}, k -> ${keyedHash("k")})`,
  event: keyedHash(keys.event),
  links: `list_transform(${keys.links}, k -> ${keyedHash("k")})`
})

/** SQL: the columns `identifiers`, `event`, `links` of a relation of rows, from their keys. */
export const keyColumns = (keys: RowKeys): string =>
  `${keys.identifiers} as identifiers, ${keys.event} as event, ${keys.links} as links`

/**
 * SQL: the `rid` of each row of `rows` (columns rid, identifiers, event, links) that is the
 * person's, given a relation `set` (role, key) of the person's keys, role 'identifier',
 * 'event' or 'link', in the same space (raw or hashed) as the rows'. The one rule for staged
 * events, quarantined rows and rows being loaded; a join, so a long suppression list costs
 * a hash table, not a scan per row.
 */
export const belongingRows = (rows: string, set: string): string =>
  `select distinct flat.rid
from (
  select rid, unnest(identifiers) as key, 'identifier' as role from ${rows}
  union all
  select rid, event as key, 'event' as role from ${rows}
  union all
  select rid, unnest(links) as key, 'link' as role from ${rows} where len(identifiers) = 0
) as flat
inner join ${set} as person on person.role = flat.role and person.key = flat.key`
