/**
 * The cross-stream step of the Zendesk preset (sql/ingest/zendesk_events.sql), run on a run's
 * raw support rows after its files are read and before they are validated: replies told from
 * the requester's own comments, descriptions and plain status changes left out, the ticket's
 * channel and requester on each event. The requester changes it reads are kept in
 * zendesk_requesters for later runs: a run may load a change with no other event of its ticket.
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import type { Statements } from "../../duckdb/duckdb.ts"
import type { WarehouseError } from "../../errors.ts"
import { belongingRows, hashedKeys, keyColumns, keyedHash, type RowKeys } from "../person-keys.ts"
import type { KeptPersonRows, PresetSettler } from "./settler.ts"

const changeColumns = "event_id, ticket_id, customer_id, changed_at, file_id, row_number"

const settle = (db: Statements, fileIds: ReadonlyArray<number>): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    if (fileIds.length === 0) return
    yield* db.run("create or replace temp table zendesk_files as select unnest($ids) as file_id", { ids: listValue([...fileIds]) })
    // the run's requester changes, read before the update below marks them filtered: the first
    // copy of each, with its ticket, new requester and instant (what sql/ingest/zendesk_events.sql
    // and the kept table take for one)
    yield* db.run(
      `create or replace temp table zendesk_requester_changes as
select event_id, ticket_id, customer_id, try_cast(occurred_at as timestamptz) as changed_at, file_id, row_number
from raw_support
where file_id in (select file_id from zendesk_files) and parse_error is null and map_rule is null and not filtered
  and event_type = 'zendesk:requester' and event_id is not null and ticket_id is not null and customer_id is not null
  and try_cast(occurred_at as timestamptz) is not null
qualify row_number() over (partition by event_id order by file_id, row_number, rowid) = 1`
    )
    const settled = yield* db.sqlFile("ingest/zendesk_events.sql")
    yield* db.run(`create or replace temp table zendesk_settled as ${settled}`)
    yield* db.run(`update raw_support set
  event_type = s.event_type, channel = s.channel, customer_id = s.customer_id, agent_id = s.agent_id,
  filtered = s.filtered, map_rule = s.map_rule, map_message = s.map_message
from zendesk_settled as s
where raw_support.rowid = s.rid`)
    yield* db.run("drop table zendesk_settled; drop table zendesk_files")
  })

// the key of a requester (src/ingest/person-keys.ts): `customer_id:<value as staged>`
const requesterKey = (value: string) => `'customer_id:' || ${value}`

/** A kept change is the new requester's by their id; its ticket is a link, as on an event. */
const changeKeys = (alias: string): RowKeys => ({
  identifiers: `[${requesterKey(`${alias}.customer_id`)}]`,
  event: `'event:support:' || ${alias}.event_id`,
  links: `['ticket_id:' || ${alias}.ticket_id]`
})

// the requester a forgotten customer leaves: a keyed hash of their key, so one person's changes
// share it and nothing can be read back from it
const tombstone = (value: string) => `'erased:' || ${keyedHash(requesterKey(value))}`

// (a run without Zendesk files may still read one again under another mapping)
const commit: PresetSettler["commit"] = (tx, { pads, keep }) =>
  Effect.gen(function*() {
    if (!keep) return yield* tx.run("drop table if exists zendesk_requester_changes")
    yield* tx.run(
      `create temp table if not exists zendesk_requester_changes as select ${changeColumns} from zendesk_requesters limit 0`
    )
    yield* tx.run("delete from zendesk_requesters where file_id in (select file_id from replaced_files)")
    // a forgotten customer's change is kept as a tombstone, whose key `forget` suppressed: the
    // ticket's later events go to no one rather than to its earlier requester
    const suppressed = belongingRows(`(select rowid as rid, ${keyColumns(hashedKeys(changeKeys("k")))} from zendesk_requester_changes as k)`, "suppression")
    yield* tx.run(
      `insert into zendesk_requesters (${changeColumns})
select c.event_id, c.ticket_id, case when s.rid is null then c.customer_id else ${tombstone("c.customer_id")} end, c.changed_at, c.file_id, c.row_number
from zendesk_requester_changes as c
left join (${suppressed}) as s on s.rid = c.rowid
where c.event_id not in (select event_id from zendesk_requesters)`,
      pads
    )
    yield* tx.run("drop table zendesk_requester_changes")
  })

const kept: KeptPersonRows = {
  table: "zendesk_requesters",
  keys: changeKeys,
  identifier: { column: "customer_id", type: "customer_id" },
  tombstone,
  at: "changed_at"
}

export const zendeskSettler: PresetSettler = { settle, commit, kept }
