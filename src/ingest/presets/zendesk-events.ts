/**
 * The cross-stream step of the Zendesk preset (sql/ingest/zendesk_events.sql), run on a run's
 * raw support rows after its files are read and before they are validated: replies told from
 * the requester's own comments, descriptions and plain status changes left out, the ticket's
 * channel and requester on each event.
 */
import { listValue } from "@duckdb/node-api"
import { Effect } from "effect"
import type { Statements } from "../../duckdb/duckdb.ts"
import type { WarehouseError } from "../../errors.ts"

export const settleZendeskEvents = (db: Statements, fileIds: ReadonlyArray<number>): Effect.Effect<void, WarehouseError> =>
  Effect.gen(function*() {
    if (fileIds.length === 0) return
    yield* db.run("create or replace temp table zendesk_files as select unnest($ids) as file_id", { ids: listValue([...fileIds]) })
    const settled = yield* db.sqlFile("ingest/zendesk_events.sql")
    yield* db.run(`create or replace temp table zendesk_settled as ${settled}`)
    yield* db.run(`update raw_support set
  event_type = s.event_type, channel = s.channel, customer_id = s.customer_id, agent_id = s.agent_id,
  filtered = s.filtered, map_rule = s.map_rule, map_message = s.map_message
from zendesk_settled as s
where raw_support.rowid = s.rid`)
    yield* db.run("drop table zendesk_settled; drop table zendesk_files")
  })
