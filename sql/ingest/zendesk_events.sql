-- Settles what one Zendesk record cannot say, across the streams of this run and the events of
-- earlier runs (src/ingest/presets/zendesk.ts leaves `zendesk:` placeholders for it):
-- * a public comment is a `customer_reply` when its author is the ticket's requester, else an
--   `agent_reply`; the comment written when the ticket was created (same second) is its
--   description, not a reply, and is left out (filtered);
-- * a status change to solved or closed is `solved` / `closed`; a change to an open status
--   (new, open, pending, hold) is `reopened` when the status before it was solved, else it is
--   left out;
-- * every comment and change gets the ticket's channel and requester (`customer_id`);
-- * a comment or change whose ticket is in neither is quarantined (`zendesk:ticket`).
-- One row per raw row to change, by its rowid in raw_support.
with raw as (
  select rowid as rid, *
  from raw_support
  where file_id in (select file_id from zendesk_files)
    and parse_error is null and map_rule is null and not filtered
),
created as (
  select ticket_id, customer_id, channel, try_cast(occurred_at as timestamptz) as created_at
  from raw where event_type = 'created'
  union all
  select ticket_id, customer_id, channel, occurred_at
  from events_support where event_type = 'created' and ticket_id in (select ticket_id from raw)
),
tickets as (
  select ticket_id,
    arg_min(customer_id, created_at) as customer_id,
    arg_min(channel, created_at) as channel,
    min(created_at) as created_at
  from created
  where ticket_id is not null
  group by ticket_id
),
-- the statuses each ticket went through, as far as they are known: earlier runs' events (a
-- reopening is an open status) and this run's changes
statuses as (
  select ticket_id, occurred_at as changed_at, event_id, 0 as run_order, null::bigint as rid,
    case event_type when 'reopened' then 'open' else event_type end as status
  from events_support
  where event_type in ('solved', 'closed', 'reopened')
    and ticket_id in (select ticket_id from raw where event_type like 'zendesk:status:%')
    and event_id not in (select event_id from raw where event_id is not null)
  union all
  select ticket_id, try_cast(occurred_at as timestamptz), event_id, 1, rid,
    -- Fivetran writes "on-hold" where the API writes "hold"
    replace(lower(substr(event_type, length('zendesk:status:') + 1)), 'on-hold', 'hold')
  from raw
  where event_type like 'zendesk:status:%'
),
changes as (
  select rid, status, lag(status) over (partition by ticket_id order by changed_at, run_order, event_id) as before
  from statuses
),
settled as (
  select r.rid, t.ticket_id as known_ticket, t.customer_id as requester, t.channel as ticket_channel,
    case
      when r.event_type = 'zendesk:comment' then
        case
          when date_trunc('second', try_cast(r.occurred_at as timestamptz)) = date_trunc('second', t.created_at) then null
          when 'zendesk:' || r.agent_id = t.customer_id then 'customer_reply'
          else 'agent_reply'
        end
      when c.status in ('solved', 'closed') then c.status
      when c.status in ('new', 'open', 'pending', 'hold') and c.before = 'solved' then 'reopened'
    end as event_type,
    r.agent_id, r.ticket_id
  from raw as r
  left join tickets as t on t.ticket_id = r.ticket_id
  left join changes as c on c.rid = r.rid
  where r.event_type = 'zendesk:comment' or r.event_type like 'zendesk:status:%'
)
select rid,
  case when known_ticket is null then null else event_type end as event_type,
  ticket_channel as channel,
  requester as customer_id,
  case when event_type = 'agent_reply' then agent_id end as agent_id,
  known_ticket is not null and event_type is null as filtered,
  case when known_ticket is null then 'zendesk:ticket' end as map_rule,
  case when known_ticket is null then
    'ticket ' || coalesce(ticket_id, '(none)') || ' is in neither the Zendesk tickets or audits of this run nor an earlier one: load the tickets export with its comments'
  end as map_message
from settled
