-- report: every model's share of conversions per channel over the window, with the 90 %
-- interval where the model has one (attribution_models as published). Channels in the order
-- of their largest share under any model, so the chart reads from the top.
select model, channel, conversions, revenue, share, share_low, share_high
from read_parquet($files, union_by_name = true)
order by max(share) over (partition by channel) desc, channel, model
