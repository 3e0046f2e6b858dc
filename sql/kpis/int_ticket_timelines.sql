-- int_ticket_timelines: one row per support ticket that has a `created` event (ticket_id is the
-- support system's ticket key; events without a `created` event start nothing and are left out).
-- created_at = the earliest `created`; channel = that event's channel; first_agent_reply_at = the
-- earliest `agent_reply` at or after created_at (bot replies do not count); last_solved_at = the
-- latest `solved` at or after created_at; is_resolved = solved and not reopened after that solve.
-- resolution_minutes is null while the ticket is unresolved. Durations are in calendar minutes, or business minutes when $business_hours is true, read off
-- a clock that stands still outside int_business_intervals. open_age_minutes = created → the
-- as-of instant on the same clock. Definitions: docs/kpis.md ("Support tickets", "Business
-- hours", "Open items", "Contact reasons").
-- first_reply_due_at = the instant the first reply falls due ($first_reply_sla_minutes on the
-- same clock after created_at).
-- Parameters: $timezone, $business_hours (boolean), $first_reply_sla_minutes.
-- Temporary: only this stage reads it (docs/kpis.md); the drop removes the kept table of earlier versions.
drop table if exists int_ticket_timelines;

create or replace temp table int_ticket_timelines as
with support_events as (
  select
    ticket_id,
    event_id,
    occurred_at,
    event_type,
    channel,
    contact_reason,
    customer_id,
    email_hash,
    phone_hash
  from events_support
),

as_of as (
  select as_of_at from int_kpi_as_of
),

business_intervals as (
  select opens_at, closes_at, open_us_before from int_business_intervals
),

-- The created event's attributes win; a value only on another event of the ticket fills a gap.
ticket_starts as (
  select
    ticket_id,
    min(occurred_at) filter (where event_type = 'created') as created_at,
    first(channel order by occurred_at, event_id) filter (where event_type = 'created') as channel,
    first(contact_reason order by event_type <> 'created', occurred_at, event_id)
      filter (where contact_reason is not null) as contact_reason,
    coalesce(
      first(customer_id order by event_type <> 'created', occurred_at, event_id) filter (where customer_id is not null),
      first(email_hash order by event_type <> 'created', occurred_at, event_id) filter (where email_hash is not null),
      first(phone_hash order by event_type <> 'created', occurred_at, event_id) filter (where phone_hash is not null)
    ) as customer_key,
    bool_or(event_type = 'bot_reply') as has_bot_reply,
    bool_or(event_type = 'agent_reply') as has_agent_reply,
    bool_or(event_type = 'solved') as has_solve
  from support_events
  group by ticket_id
  having count(*) filter (where event_type = 'created') > 0
),

ticket_milestones as (
  select
    ticket_starts.ticket_id,
    min(support_events.occurred_at) filter (
      where support_events.event_type = 'agent_reply' and support_events.occurred_at >= ticket_starts.created_at
    ) as first_agent_reply_at,
    max(support_events.occurred_at) filter (
      where support_events.event_type = 'solved' and support_events.occurred_at >= ticket_starts.created_at
    ) as last_solved_at,
    max(support_events.occurred_at) filter (
      where support_events.event_type = 'reopened' and support_events.occurred_at >= ticket_starts.created_at
    ) as last_reopened_at
  from ticket_starts
  inner join support_events on ticket_starts.ticket_id = support_events.ticket_id
  group by ticket_starts.ticket_id
),

ticket_instants as (
  select ticket_starts.ticket_id, 'created' as instant, ticket_starts.created_at as instant_at
  from ticket_starts
  union all
  select ticket_id, 'first_agent_reply' as instant, first_agent_reply_at as instant_at
  from ticket_milestones
  where first_agent_reply_at is not null
  union all
  select ticket_id, 'last_solved' as instant, last_solved_at as instant_at
  from ticket_milestones
  where last_solved_at is not null
  union all
  select ticket_starts.ticket_id, 'as_of' as instant, as_of.as_of_at as instant_at
  from ticket_starts
  cross join as_of
),

-- The clock in microseconds: calendar time, or open time elapsed since the calendar began.
clock_readings as (
  select
    ticket_instants.ticket_id,
    ticket_instants.instant,
    case
      when $business_hours then coalesce(
        business_intervals.open_us_before + greatest(
          0,
          least(epoch_us(ticket_instants.instant_at), epoch_us(business_intervals.closes_at))
            - epoch_us(business_intervals.opens_at)
        ),
        0
      )
      else epoch_us(ticket_instants.instant_at)
    end as clock_us
  from ticket_instants
  asof left join business_intervals on ticket_instants.instant_at >= business_intervals.opens_at
),

ticket_clock as (
  select
    ticket_id,
    max(clock_us) filter (where instant = 'created') as created_us,
    max(clock_us) filter (where instant = 'first_agent_reply') as first_agent_reply_us,
    max(clock_us) filter (where instant = 'last_solved') as last_solved_us,
    max(clock_us) filter (where instant = 'as_of') as as_of_us
  from clock_readings
  group by ticket_id
),

-- The instant the first reply falls due: the clock reading created + SLA turned back into an
-- instant. On calendar time that is created_at + the SLA; on business hours, the open interval
-- whose clock span holds the reading (null when that lies past the calendar's last interval).
first_reply_due as (
  select
    ticket_clock.ticket_id,
    case
      when not $business_hours then make_timestamptz(ticket_clock.created_us + cast($first_reply_sla_minutes * 60e6 as bigint))
      when business_intervals.opens_at + to_microseconds(
          ticket_clock.created_us + cast($first_reply_sla_minutes * 60e6 as bigint) - business_intervals.open_us_before
        ) <= business_intervals.closes_at
        then business_intervals.opens_at + to_microseconds(
          ticket_clock.created_us + cast($first_reply_sla_minutes * 60e6 as bigint) - business_intervals.open_us_before
        )
    end as first_reply_due_at
  from ticket_clock
  asof left join business_intervals
    on ticket_clock.created_us + cast($first_reply_sla_minutes * 60e6 as bigint) >= business_intervals.open_us_before
)

select
  ticket_starts.ticket_id,
  ticket_starts.created_at,
  cast(timezone($timezone, ticket_starts.created_at) as date) as created_date,
  ticket_starts.channel,
  ticket_starts.contact_reason,
  ticket_starts.customer_key,
  ticket_milestones.first_agent_reply_at,
  ticket_milestones.last_solved_at,
  ticket_milestones.last_reopened_at,
  ticket_milestones.last_solved_at is not null
    and (ticket_milestones.last_reopened_at is null or ticket_milestones.last_reopened_at <= ticket_milestones.last_solved_at)
    as is_resolved,
  ticket_starts.has_bot_reply,
  ticket_starts.has_agent_reply,
  ticket_starts.has_solve,
  case when $business_hours then 'business' else 'calendar' end as time_basis,
  (ticket_clock.first_agent_reply_us - ticket_clock.created_us) / 60e6 as first_reply_minutes,
  case
    when ticket_milestones.last_reopened_at is null or ticket_milestones.last_reopened_at <= ticket_milestones.last_solved_at
      then (ticket_clock.last_solved_us - ticket_clock.created_us) / 60e6
  end as resolution_minutes,
  (ticket_clock.as_of_us - ticket_clock.created_us) / 60e6 as open_age_minutes,
  first_reply_due.first_reply_due_at
from ticket_starts
inner join ticket_milestones on ticket_starts.ticket_id = ticket_milestones.ticket_id
inner join ticket_clock on ticket_starts.ticket_id = ticket_clock.ticket_id
inner join first_reply_due on ticket_starts.ticket_id = first_reply_due.ticket_id
