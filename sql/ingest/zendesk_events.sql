-- Settles what one Zendesk record cannot say, across the streams of this run and the events of
-- earlier runs (src/ingest/presets/zendesk.ts leaves `zendesk:` placeholders for it):
-- * a public comment is a `customer_reply` when its author is the ticket's requester, else an
--   `agent_reply`; the comment written when the ticket was created (same second) is its
--   description, not a reply, and is left out (filtered);
-- * a status change to solved or closed is `solved` / `closed`; a change to an open status
--   (new, open, pending, hold) is `reopened` when the status before it was solved, else it is
--   left out;
-- * every comment and change gets the ticket's channel and requester (`customer_id`): the
--   latest requester an audit of this run or an earlier one set, else the creation's (this
--   run's creations take that latest requester too; an audit's requester change itself is left
--   out of the events and kept in zendesk_requesters by src/ingest/presets/zendesk-events.ts);
-- * a comment or change whose ticket is in neither is quarantined (`zendesk:ticket`).
-- One row per raw row to change, by its rowid in raw_support.
with raw as (
  select rowid as rid, *
  from raw_support
  where file_id in (select file_id from zendesk_files)
    and parse_error is null and map_rule is null and not filtered
),
-- every copy of a ticket's creation: earlier runs' (the one kept) first, then this run's in file
-- and row order, as duplicates are resolved, so the settled events agree with the kept one
created as (
  select ticket_id, customer_id, channel, try_cast(occurred_at as timestamptz) as created_at, 1 as run_order, file_id, row_number
  from raw where event_type = 'created'
  union all
  select ticket_id, customer_id, channel, occurred_at, 0, file_id, row_number
  from events_support where event_type = 'created' and ticket_id in (select ticket_id from raw)
),

-- the requester changes of this run's audits (zendesk_requester_changes, made by
-- src/ingest/presets/zendesk-events.ts), then those earlier runs kept (but of files read again in
-- this run)
changes_of_requester as (
  select ticket_id, customer_id, changed_at, 1 as run_order, file_id, row_number
  from zendesk_requester_changes
  union all
  select ticket_id, customer_id, changed_at, 0, file_id, row_number
  from zendesk_requesters
  where ticket_id in (select ticket_id from raw) and file_id not in (select file_id from replaced_files)
),
-- the latest requester an audit set, per ticket
requesters as (
  select ticket_id, customer_id
  from changes_of_requester
  qualify row_number() over (partition by ticket_id order by changed_at desc, run_order desc, file_id desc, row_number desc) = 1
),

-- the requester the ticket's latest event of an earlier run carries: a change read by a version
-- that did not keep changes (the creation staged before it keeps the requester it was loaded with)
staged_requesters as (
  select ticket_id, customer_id
  from events_support
  where ticket_id in (select ticket_id from raw) and customer_id is not null
  qualify row_number() over (partition by ticket_id order by occurred_at desc, file_id desc, row_number desc) = 1
),

tickets as (
  select c.ticket_id, coalesce(r.customer_id, s.customer_id, c.customer_id) as customer_id, c.channel, c.created_at
  from created as c
  left join requesters as r on r.ticket_id = c.ticket_id
  left join staged_requesters as s on s.ticket_id = c.ticket_id
  where c.ticket_id is not null
  qualify row_number() over (partition by c.ticket_id order by c.run_order, c.file_id, c.row_number) = 1
),

-- this run's creations that could not be read: their comments are not orphans, and say so
unreadable_tickets as (
  select ticket_id, any_value(coalesce(map_rule, 'parse')) as rule
  from raw_support
  where file_id in (select file_id from zendesk_files)
    and event_type = 'created' and ticket_id is not null
    and (parse_error is not null or map_rule is not null)
  group by ticket_id
),

-- the statuses each ticket went through, as far as they are known: earlier runs' events (a
-- reopening is an open status) and this run's changes
statuses as (
  select ticket_id, occurred_at as changed_at, event_id, 0 as run_order, file_id, row_number, null::bigint as rid,
    case event_type when 'reopened' then 'open' else event_type end as status
  from events_support
  where event_type in ('solved', 'closed', 'reopened')
    and ticket_id in (select ticket_id from raw where event_type like 'zendesk:status:%')
    and event_id not in (select event_id from raw where event_id is not null)
  union all
  select ticket_id, try_cast(occurred_at as timestamptz), event_id, 1, file_id, row_number, rid,
    -- Fivetran writes "on-hold" where the API writes "hold"
    replace(lower(substr(event_type, length('zendesk:status:') + 1)), 'on-hold', 'hold')
  from raw
  where event_type like 'zendesk:status:%'
),
changes as (
  -- changes in the same second in the order they were loaded and written (an audit's events in
  -- their order), not by their ids as text
  select rid, status, lag(status) over (partition by ticket_id order by changed_at, run_order, file_id, row_number, rid) as before
  from statuses
),
settled as (
  select r.rid, t.ticket_id as known_ticket, t.customer_id as requester, t.channel as ticket_channel, u.rule as unreadable_rule,
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
    r.agent_id, r.ticket_id, r.event_type = 'zendesk:requester' as requester_change
  from raw as r
  left join tickets as t on t.ticket_id = r.ticket_id
  left join changes as c on c.rid = r.rid
  left join unreadable_tickets as u on u.ticket_id = r.ticket_id
  where r.event_type = 'zendesk:comment' or r.event_type like 'zendesk:status:%' or r.event_type = 'zendesk:requester'
)
select rid,
  case when known_ticket is null then null else event_type end as event_type,
  ticket_channel as channel,
  requester as customer_id,
  case when event_type = 'agent_reply' then agent_id end as agent_id,
  requester_change or (known_ticket is not null and event_type is null) as filtered,
  case when known_ticket is null and not requester_change then 'zendesk:ticket' end as map_rule,
  case
    when requester_change then null
    when known_ticket is null and unreadable_rule is not null then
      'the row creating ticket ' || ticket_id || ' in this run could not be read (' || unreadable_rule || '): fix it and load it with this file again'
    when known_ticket is null then
      'ticket ' || coalesce(ticket_id, '(none)') || ' is in neither the Zendesk tickets or audits of this run nor an earlier one: load the tickets export with its comments'
  end as map_message
from settled
union all
-- this run's creations of a ticket whose requester an audit changed later
select r.rid, r.event_type, r.channel, q.customer_id, r.agent_id, false, null, null
from raw as r
inner join requesters as q on q.ticket_id = r.ticket_id
where r.event_type = 'created' and q.customer_id is distinct from r.customer_id
