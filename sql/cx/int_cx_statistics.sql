-- The interval macros of the CX driver marts (docs/cx-drivers.md, "Intervals"), defined once for
-- cx_drivers and cx_drivers_monthly. A group is summarised by n, the sum of its values and the
-- sum of their squares; every interval is at 95 % (z = 1.959963984540054).
-- Temporary macros: they live on this stage's connection for its models.

-- Wilson score interval of a proportion x / n.
create or replace temp macro cx_wilson_low(x, n) as
  ((x / n + 1.959963984540054::double ^ 2 / (2 * n))
    - 1.959963984540054::double * sqrt(x / n * (1 - x / n) / n + 1.959963984540054::double ^ 2 / (4 * n * n)))
  / (1 + 1.959963984540054::double ^ 2 / n);

create or replace temp macro cx_wilson_high(x, n) as
  ((x / n + 1.959963984540054::double ^ 2 / (2 * n))
    + 1.959963984540054::double * sqrt(x / n * (1 - x / n) / n + 1.959963984540054::double ^ 2 / (4 * n * n)))
  / (1 + 1.959963984540054::double ^ 2 / n);

-- Newcombe's hybrid score interval (his method 10) for p1 − p2, from the two Wilson intervals.
create or replace temp macro cx_newcombe_low(x1, n1, x2, n2) as
  x1 / n1 - x2 / n2 - sqrt((x1 / n1 - cx_wilson_low(x1, n1)) ^ 2 + (cx_wilson_high(x2, n2) - x2 / n2) ^ 2);

create or replace temp macro cx_newcombe_high(x1, n1, x2, n2) as
  x1 / n1 - x2 / n2 + sqrt((cx_wilson_high(x1, n1) - x1 / n1) ^ 2 + (x2 / n2 - cx_wilson_low(x2, n2)) ^ 2);

-- The sample variance from n, sum and sum of squares (null below two values).
create or replace temp macro cx_sample_variance(n, s, ss) as
  case when n >= 2 then greatest((ss - s * s / n) / (n - 1), 0) end;

-- Student's t quantile at 0.975 for `df` degrees of freedom, by the Cornish-Fisher expansion
-- in 1/df to the fourth term (Abramowitz and Stegun 26.7.5): within 0.0003 of the exact value
-- for df >= 5 and within 0.04 for df >= 2; not used below 2 (docs/cx-drivers.md).
create or replace temp macro cx_t975(df) as
  1.959963984540054
  + (1.959963984540054::double ^ 3 + 1.959963984540054::double) / 4 / df
  + (5 * 1.959963984540054::double ^ 5 + 16 * 1.959963984540054::double ^ 3 + 3 * 1.959963984540054::double) / 96 / df ^ 2
  + (3 * 1.959963984540054::double ^ 7 + 19 * 1.959963984540054::double ^ 5 + 17 * 1.959963984540054::double ^ 3 - 15 * 1.959963984540054::double) / 384 / df ^ 3
  + (79 * 1.959963984540054::double ^ 9 + 776 * 1.959963984540054::double ^ 7 + 1482 * 1.959963984540054::double ^ 5
     - 1920 * 1.959963984540054::double ^ 3 - 945 * 1.959963984540054::double) / 92160 / df ^ 4;

-- Welch's degrees of freedom.
create or replace temp macro cx_welch_df(n1, s1, ss1, n2, s2, ss2) as
  (cx_sample_variance(n1, s1, ss1) / n1 + cx_sample_variance(n2, s2, ss2) / n2) ^ 2
  / ((cx_sample_variance(n1, s1, ss1) / n1) ^ 2 / (n1 - 1) + (cx_sample_variance(n2, s2, ss2) / n2) ^ 2 / (n2 - 1));

-- Welch's half-width for a difference of means: null when a group has fewer than two values or
-- the degrees of freedom are below 2 (where the t approximation is not good enough); 0 when
-- both groups have no spread.
create or replace temp macro cx_welch_half(n1, s1, ss1, n2, s2, ss2) as
  case
    when n1 < 2 or n2 < 2 then null
    when cx_sample_variance(n1, s1, ss1) / n1 + cx_sample_variance(n2, s2, ss2) / n2 = 0 then 0
    when cx_welch_df(n1, s1, ss1, n2, s2, ss2) < 2 then null
    else cx_t975(cx_welch_df(n1, s1, ss1, n2, s2, ss2)) * sqrt(cx_sample_variance(n1, s1, ss1) / n1 + cx_sample_variance(n2, s2, ss2) / n2)
  end;

-- The half-width for a difference of NPS: values are +1 (promoter), 0, -1 (detractor), NPS is
-- 100 × their mean, and each group's variance is that of the indicator, p + d − (p − d)²
-- (the population variance, as in the NPS margin of error). Null when a group has a single
-- response: one answer says nothing about the spread.
create or replace temp macro cx_nps_half(n1, s1, ss1, n2, s2, ss2) as
  case when n1 >= 2 and n2 >= 2 then
    100 * 1.959963984540054::double * sqrt((ss1 / n1 - (s1 / n1) ^ 2) / n1 + (ss2 / n2 - (s2 / n2) ^ 2) / n2)
  end;

-- One row of a driver mart from the exposed (1) and unexposed (2) groups' n, sum and sum of
-- squares, by the outcome's kind: share, mean or nps.
create or replace temp macro cx_value(kind, n, s) as
  case when n > 0 then case when kind = 'nps' then 100 * s / n else s / n end end;

create or replace temp macro cx_difference_low(kind, n1, s1, ss1, n2, s2, ss2) as
  case
    when n1 = 0 or n2 = 0 then null
    when kind = 'share' then cx_newcombe_low(s1, n1, s2, n2)
    when kind = 'mean' then s1 / n1 - s2 / n2 - cx_welch_half(n1, s1, ss1, n2, s2, ss2)
    else 100 * (s1 / n1 - s2 / n2) - cx_nps_half(n1, s1, ss1, n2, s2, ss2)
  end;

create or replace temp macro cx_difference_high(kind, n1, s1, ss1, n2, s2, ss2) as
  case
    when n1 = 0 or n2 = 0 then null
    when kind = 'share' then cx_newcombe_high(s1, n1, s2, n2)
    when kind = 'mean' then s1 / n1 - s2 / n2 + cx_welch_half(n1, s1, ss1, n2, s2, ss2)
    else 100 * (s1 / n1 - s2 / n2) + cx_nps_half(n1, s1, ss1, n2, s2, ss2)
  end;
