-- contact_reasons: one row per month × contact_reason. month = the business-time-zone
-- month (YYYY-MM) in which the ticket was created; contact_reason = the ticket's reason
-- ('(none)' when missing, '(all)' on the roll-up row). contacts = tickets created;
-- contacts_per_100_orders = 100 × contacts / orders first purchased (web or store) that month;
-- repeat_contact_rate = share of the tickets whose customer had opened another ticket with the
-- same reason in the 7 days (168 h) before; quadrant = the value–irritant class from config;
-- bot_containment_rate = tickets with a bot reply, a solve and no agent reply / tickets with a
-- bot reply. Definitions: docs/kpis.md ("Contact reasons", "Window").
-- Parameters: $timezone, $since, $until (inclusive business dates or null).
create or replace table contact_reasons as
with tickets as (
  select
    ticket_id,
    created_at,
    created_date,
    coalesce(contact_reason, '(none)') as contact_reason,
    customer_key,
    has_bot_reply,
    has_agent_reply,
    has_solve
  from int_ticket_timelines
),

classes as (
  select contact_reason, quadrant from int_contact_reason_classes
),

purchases as (
  select order_id, occurred_at from events_web where event_type = 'purchase' and order_id is not null
  union all
  select order_id, occurred_at from events_store where event_type = 'purchase' and order_id is not null
),

-- Every earlier ticket counts as a previous contact, also one before the window.
tickets_with_previous_contact as (
  select
    ticket_id,
    created_at,
    created_date,
    contact_reason,
    has_bot_reply,
    has_agent_reply,
    has_solve,
    customer_key is not null
      and epoch_us(created_at) - epoch_us(
        lag(created_at) over (partition by customer_key, contact_reason order by created_at, ticket_id)
      ) <= cast(7 * 86400 as bigint) * 1000000 as is_repeat_contact
  from tickets
),

tickets_in_window as (
  select
    cast(date_trunc('month', created_date) as date) as month,
    contact_reason,
    is_repeat_contact,
    has_bot_reply,
    has_bot_reply and has_solve and not has_agent_reply as is_bot_contained
  from tickets_with_previous_contact
  where ($since is null or created_date >= cast($since as date))
    and ($until is null or created_date <= cast($until as date))
),

first_purchases as (
  select
    order_id,
    cast(timezone($timezone, min(occurred_at)) as date) as purchase_date
  from purchases
  group by order_id
),

monthly_orders as (
  select
    cast(date_trunc('month', purchase_date) as date) as month,
    count(*) as orders
  from first_purchases
  where ($since is null or purchase_date >= cast($since as date))
    and ($until is null or purchase_date <= cast($until as date))
  group by cast(date_trunc('month', purchase_date) as date)
),

monthly_contacts as (
  select
    month,
    case when grouping(contact_reason) = 1 then '(all)' else contact_reason end as contact_reason,
    grouping(contact_reason) = 1 as is_roll_up,
    count(*) as contacts,
    count(*) filter (where is_repeat_contact) as repeat_contacts,
    count(*) filter (where has_bot_reply) as bot_tickets,
    count(*) filter (where is_bot_contained) as bot_contained
  from tickets_in_window
  group by grouping sets ((month, contact_reason), (month))
)

select
  -- 'YYYY-MM', as the month of every other table
  strftime(monthly_contacts.month, '%Y-%m') as month,
  monthly_contacts.contact_reason,
  monthly_contacts.contacts,
  coalesce(monthly_orders.orders, 0) as orders,
  100 * cast(monthly_contacts.contacts as double) / nullif(monthly_orders.orders, 0) as contacts_per_100_orders,
  monthly_contacts.repeat_contacts,
  cast(monthly_contacts.repeat_contacts as double) / monthly_contacts.contacts as repeat_contact_rate,
  case
    when monthly_contacts.is_roll_up then null
    else coalesce(classes.quadrant, 'unclassified')
  end as quadrant,
  monthly_contacts.bot_tickets,
  monthly_contacts.bot_contained,
  cast(monthly_contacts.bot_contained as double) / nullif(monthly_contacts.bot_tickets, 0) as bot_containment_rate,
  -- the roll-up row over all contact reasons of a month
  monthly_contacts.is_roll_up as is_rollup
from monthly_contacts
left join monthly_orders on monthly_contacts.month = monthly_orders.month
left join classes on monthly_contacts.contact_reason = classes.contact_reason and not monthly_contacts.is_roll_up
