/**
 * Erasing a customer from the warehouse (docs/privacy.md, "Erasure"): which customers the
 * named identifiers identify, which events and quarantined rows are theirs (the rule of
 * src/ingest/person-keys.ts), and the one transaction that deletes them, remembers their keys
 * in the suppression list and records the erasure. Rebuilding the derived tables, publishing
 * and compacting the file follow in pipelines/forget.ts.
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import { sourceNames, type SourceName } from "../../schemas/sources.ts"
import type { DuckdbService } from "../duckdb/duckdb.ts"
import { sqlIdent, sqlString } from "../duckdb/sql-text.ts"
import type { WarehouseError } from "../errors.ts"
import { belongingRows, identifierTypes, keyColumns, keyedHash, rowKeys, type IdentifierType } from "../ingest/person-keys.ts"
import { keptPersonRows } from "../ingest/presets/index.ts"
import { hmacPads } from "../ingest/pseudonymise.ts"
import { eventsTable, stagedIdentifier } from "../ingest/source-columns.ts"

export interface ForgetRequest {
  readonly type: IdentifierType
  readonly value: string
}

export type RequestOutcome = "erased" | "not_found" | "held_back"

export interface RequestResult {
  readonly identifier_type: IdentifierType
  /** Keyed hash of `<type>:<value as staged>`: the request's only trace. */
  readonly identifier_hash: string
  readonly outcome: RequestOutcome
  /** Why nothing was erased (held back: shared or blocked). */
  readonly reason: string | null
  /** The customer it identifies (pseudonymous key), while it is still in the warehouse. */
  readonly customer_key: string | null
  /** Nothing is left of the value once normalised (blank, a phone number without digits). */
  readonly unusable: boolean
}

export interface ErasurePlan {
  readonly requests: ReadonlyArray<RequestResult>
  readonly customers: number
  /** Identifiers of the customers, all of which go on the suppression list. */
  readonly identifiers: number
  /** Rows that go, per warehouse table (events_*, quarantine, int_text_scores, a preset's kept rows). */
  readonly removed: Readonly<Record<string, number>>
  readonly events: number
}

const num = (v: unknown) => Number(v ?? 0)

/**
 * Resolves the requests and marks, in temporary tables, everything of the customers they
 * identify: forget_matches (per request), forget_keys (role, key: their identifiers, events,
 * orders and tickets), forget_events (source, event_id), forget_quarantine (rowid),
 * forget_kept (the table, rowid and tombstone of rows a preset kept, src/ingest/presets/settler.ts). Reads the
 * block list from forget_blocklist (planningBlocklist). Changes nothing in the warehouse.
 */
export const planErasure = (db: DuckdbService, key: Buffer, requests: ReadonlyArray<ForgetRequest>): Effect.Effect<ErasurePlan, WarehouseError> =>
  Effect.gen(function*() {
    const pads = hmacPads(key)
    yield* db.run("create or replace temp table forget_requests (request_no integer, identifier_type varchar, raw varchar)")
    if (requests.length > 0) {
      yield* db.run("insert into forget_requests select unnest($no), unnest($types), unnest($values)", {
        no: listValue(requests.map((_, i) => i)),
        types: listValue(requests.map((r) => r.type)),
        values: listValue(requests.map((r) => r.value))
      })
    }
    const staged = `case r.identifier_type ${identifierTypes.map((t) => `when ${sqlString(t)} then ${stagedIdentifier(t, "r.raw")}`).join(" ")} end`
    yield* db.run(
      `create or replace temp table forget_matches as
with requested as (select r.request_no, r.identifier_type, ${staged} as identifier from forget_requests as r),
-- a value on the block list identifies no one even where no event has carried it yet
-- (compared as the identity stage compares: hashed types exactly, raw types trimmed, any case)
blocked as (
  select distinct requested.request_no
  from requested
  inner join forget_blocklist as listed
    on listed.identifier_type = requested.identifier_type
    and case when requested.identifier_type in ('email', 'phone') then listed.identifier = requested.identifier
      else lower(trim(listed.identifier)) = lower(trim(requested.identifier)) end
)
select requested.request_no, requested.identifier_type, requested.identifier,
  ${keyedHash("requested.identifier_type || ':' || requested.identifier")} as identifier_hash,
  map.customer_key,
  coalesce(map.is_guarded, false) or blocked.request_no is not null as is_guarded,
  coalesce(map.guard_reason, case when blocked.request_no is not null then 'blocklist' end) as guard_reason
from requested
left join identity_map as map on map.identifier_type = requested.identifier_type and map.identifier = requested.identifier
left join blocked on blocked.request_no = requested.request_no
order by requested.request_no`,
      pads
    )
    // the customers' identifiers; then their events, found in two passes: those bearing one of
    // the identifiers, then those without identifiers tied to one of them by order or ticket
    yield* db.run(
      `create or replace temp table forget_keys as
select distinct 'identifier' as role, map.identifier_type || ':' || map.identifier as key
from identity_map as map
where map.customer_key in (select customer_key from forget_matches where customer_key is not null)
union
select 'identifier', identifier_type || ':' || identifier
from forget_matches
where customer_key is null and not is_guarded and identifier is not null`
    )
    yield* db.run("create or replace temp table forget_events (source varchar, event_id varchar)")
    const eventRows = (source: SourceName) => `(select e.event_id as rid, ${keyColumns(rowKeys(source, "e"))} from ${eventsTable(source)} as e)`
    for (let pass = 0; pass < 2; pass++) {
      for (const source of sourceNames) {
        yield* db.run(
          `insert into forget_events
select ${sqlString(source)}, rid from (${belongingRows(eventRows(source), "forget_keys")})
where rid not in (select event_id from forget_events where source = ${sqlString(source)})`
        )
      }
      for (const source of sourceNames) {
        yield* db.run(
          `insert into forget_keys
select distinct * from (
  select 'event' as role, k.event as key from ${eventRows(source)} as k
  where k.rid in (select event_id from forget_events where source = ${sqlString(source)})
  union all
  -- one step: the orders and tickets of events that bear the person's identifiers, not of the
  -- events tied to those
  select 'link' as role, unnest(k.links) as key from ${eventRows(source)} as k
  where k.rid in (select event_id from forget_events where source = ${sqlString(source)}) and len(k.identifiers) > 0
)
except select role, key from forget_keys`
        )
      }
    }
    // Rows a preset kept that name them (src/ingest/presets/settler.ts): each gets a tombstone
    // instead of their identifier, and the tombstone of every identifier of theirs of that type
    // goes on the suppression list, so a kept row decides their later events for no one.
    yield* db.run(
      `create or replace temp table forget_kept as
select null::varchar as kept_table, null::bigint as rid, null::varchar as tombstone where false
${keptPersonRows.map((k) =>
  `union all select ${sqlString(k.table)}, kept.rowid, ${k.tombstone(`kept.${sqlIdent(k.identifier.column)}`)}
from ${sqlIdent(k.table)} as kept
semi join (${belongingRows(`(select rowid as rid, ${keyColumns(k.keys("k"))} from ${sqlIdent(k.table)} as k)`, "forget_keys")}) as theirs on theirs.rid = kept.rowid`
).join("\n")}`,
      pads
    )
    for (const k of keptPersonRows) {
      const prefix = `${k.identifier.type}:`
      yield* db.run(
        `insert into forget_keys
select distinct 'identifier', ${sqlString(prefix)} || ${k.tombstone(`substr(key, ${prefix.length + 1})`)}
from forget_keys
where role = 'identifier' and starts_with(key, ${sqlString(prefix)})
except select role, key from forget_keys`,
        pads
      )
    }
    yield* db.run(
      `create or replace temp table forget_hashes as
select distinct role, ${keyedHash("key")} as key from forget_keys`,
      pads
    )
    // Rows quarantined with their keys' hashes go by the rule; rows without them (a line that
    // could not be parsed, a row quarantined by an older version) go when their raw text holds
    // one of the person's unhashed identifiers as a whole field.
    yield* db.run(
      `create or replace temp table forget_quarantine as
${belongingRows("(select rowid as rid, identifier_hashes as identifiers, event_hash as event, link_hashes as links from quarantine where identifier_hashes is not null)", "forget_hashes")}
union
select quarantine.rowid
from quarantine
where coalesce(len(quarantine.identifier_hashes), 0) = 0
  and quarantine.raw is not null
  and list_has_any(
    list_transform(string_split_regex(quarantine.raw, '[,;\t|"{}:]'), field -> trim(field)),
    (select coalesce(list(substr(key, strpos(key, ':') + 1)), []) from forget_keys
     where role = 'identifier' and split_part(key, ':', 1) in ('anonymous_id', 'customer_id', 'loyalty_id'))
  )`
    )
    const removed: Record<string, number> = {}
    const perSource = new Map((yield* db.all("select source, count(*) as n from forget_events group by source")).map((r) => [String(r["source"]), num(r["n"])]))
    for (const source of sourceNames) if (perSource.has(source)) removed[eventsTable(source)] = perSource.get(source) ?? 0
    const [q] = yield* db.all("select count(*) as n from forget_quarantine")
    removed["quarantine"] = num(q?.["n"])
    const [scores] = yield* db.all(textScoresOfErased("count(*) as n"))
    removed["int_text_scores"] = num(scores?.["n"])
    // a table that holds none of theirs is not named: most warehouses have no such rows at all
    for (const k of yield* db.all("select kept_table, count(*) as n from forget_kept group by kept_table order by kept_table")) {
      removed[String(k["kept_table"])] = num(k["n"])
    }
    const matches = yield* db.all("select * from forget_matches order by request_no")
    const [counts] = yield* db.all(
      `select count(distinct customer_key) as customers,
  (select count(*) from identity_map
   where customer_key in (select customer_key from forget_matches where customer_key is not null)) as identifiers,
  (select count(*) from forget_events) as events
from forget_matches`
    )
    return {
      requests: matches.map((m): RequestResult => {
        const guarded = m["is_guarded"] === true
        const customer = m["customer_key"] === null ? null : String(m["customer_key"])
        return {
          identifier_type: String(m["identifier_type"]) as IdentifierType,
          identifier_hash: String(m["identifier_hash"]),
          outcome: customer !== null ? "erased" : guarded ? "held_back" : "not_found",
          reason: guarded ? `held back by the identity guards (${String(m["guard_reason"] ?? "")}): it identifies no one` : null,
          customer_key: customer,
          unusable: m["identifier"] === null
        }
      }),
      customers: num(counts?.["customers"]),
      identifiers: num(counts?.["identifiers"]),
      removed,
      events: num(counts?.["events"])
    }
  })

const textScoresOfErased = (select: string) =>
  `select ${select} from int_text_scores as s
where (s.kind = 'review' and s.text_id in (select event_id from forget_events where source = 'review'))
  or (s.kind = 'comment' and s.text_id in (select event_id from forget_events where source = 'survey'))`

/**
 * Deletes what planErasure marked, adds the keys to the suppression list (forget_keys holds
 * each identifier named but not found too: its events are never loaded), records the erasure as
 * pending and invalidates the build, all in one transaction. A held-back identifier is not
 * suppressed: it is not the person's.
 */
export const applyErasure = (
  db: DuckdbService,
  plan: ErasurePlan,
  options: { readonly erasureId: string; readonly now: Date }
): Effect.Effect<void, WarehouseError> =>
  db.transaction((tx) =>
    Effect.gen(function*() {
      for (const source of sourceNames) {
        yield* tx.run(`delete from ${eventsTable(source)} where event_id in (select event_id from forget_events where source = ${sqlString(source)})`)
      }
      yield* tx.run("delete from quarantine where rowid in (select rid from forget_quarantine)")
      yield* tx.run(`delete from int_text_scores where (kind, text_id) in (${textScoresOfErased("s.kind, s.text_id")})`)
      for (const k of keptPersonRows) {
        yield* tx.run(
          `update ${sqlIdent(k.table)} set ${sqlIdent(k.identifier.column)} = f.tombstone
from forget_kept as f
where f.kept_table = ${sqlString(k.table)} and ${sqlIdent(k.table)}.rowid = f.rid`
        )
      }
      yield* tx.run(
        `insert into suppression (role, key, erasure_id)
select role, key, $erasure_id from (
  select role, key from forget_hashes
  except
  select role, key from suppression
)`,
        { erasure_id: options.erasureId }
      )
      const firstErased = plan.requests.findIndex((r) => r.outcome === "erased")
      yield* tx.run(
        `insert into erasures (erasure_id, requested_at, completed_at, identifier_type, identifier_hash, outcome, customers, events, removed)
select $erasure_id, $now::timestamptz, null, unnest($types), unnest($hashes), unnest($outcomes), unnest($customers), unnest($events), unnest($removed)::json`,
        {
          erasure_id: options.erasureId,
          now: options.now.toISOString(),
          types: listValue(plan.requests.map((r) => r.identifier_type)),
          hashes: listValue(plan.requests.map((r) => r.identifier_hash)),
          outcomes: listValue(plan.requests.map((r) => r.outcome)),
          // a customer is counted on the first row that names them, the erasure's events and
          // rows on its first row that erased anyone: an erasure's rows add up to its totals
          customers: listValue(plan.requests.map((r, i) => (firstNaming(plan.requests, i) ? 1 : 0))),
          events: listValue(plan.requests.map((_, i) => (i === firstErased ? plan.events : 0))),
          removed: listValue(plan.requests.map((_, i) => JSON.stringify(i === firstErased ? plan.removed : {})))
        }
      )
      yield* tx.run("delete from derived_state")
    })
  )

const firstNaming = (requests: ReadonlyArray<RequestResult>, i: number): boolean => {
  const customer = requests[i]?.customer_key ?? null
  return customer !== null && requests.findIndex((r) => r.customer_key === customer) === i
}

export interface ErasureRow {
  readonly erasure_id: string
  readonly requested_at: string
  /** null while the erasure is unfinished: run `forget` again to finish it. */
  readonly completed_at: string | null
  readonly identifier_type: string
  readonly identifier_hash: string
  readonly outcome: string
  readonly customers: number
  readonly events: number
  readonly removed: Readonly<Record<string, number>>
}

/** The erasures, newest first (for `status`). */
export const recentErasures = (db: DuckdbService, limit: number): Effect.Effect<ReadonlyArray<ErasureRow>, WarehouseError> =>
  db.all(
    `select erasure_id, strftime(requested_at, '%Y-%m-%dT%H:%M:%SZ') as requested_at,
  strftime(completed_at, '%Y-%m-%dT%H:%M:%SZ') as completed_at, identifier_type, identifier_hash, outcome, customers,
  events, removed::varchar as removed
from erasures
order by requested_at desc, erasure_id desc, identifier_hash
limit $limit`,
    { limit }
  ).pipe(Effect.map((rows) => rows.map((r): ErasureRow => ({
    erasure_id: String(r["erasure_id"]),
    requested_at: String(r["requested_at"]),
    completed_at: r["completed_at"] === null ? null : String(r["completed_at"]),
    identifier_type: String(r["identifier_type"]),
    identifier_hash: String(r["identifier_hash"]),
    outcome: String(r["outcome"]),
    customers: num(r["customers"]),
    events: num(r["events"]),
    removed: JSON.parse(String(r["removed"])) as Record<string, number>
  }))))
