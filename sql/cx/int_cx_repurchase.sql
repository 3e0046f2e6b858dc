-- cx_repurchased_90d(customer, since_at, order_key, as_of_at): whether the customer bought again
-- (a conversion with another order id) within 90 days after since_at; null without a customer or
-- when the 90 days reach past the as-of instant (not known yet). The one definition of
-- repurchase for int_cx_unit_outcomes and recovery_moments (docs/cx-drivers.md).
create or replace temp macro cx_repurchased_90d(customer, since_at, order_key, as_of_at) as
  case
    when customer is null or since_at + interval 90 days > as_of_at then null
    else (
      select count(*) > 0
      from conversions as later
      where later.customer_key = customer
        and later.converted_at > since_at
        and later.converted_at <= since_at + interval 90 days
        and later.order_id is distinct from order_key
    )
  end;
