-- Interval sanity on every lift row: each Wilson interval contains its rate and lies in [0, 1];
-- the Newcombe interval contains the rate difference; p and q are probabilities with q >= p;
-- the shrunk rate lies between the raw rate and the prior rate. Returns the offending rows.

{%- set eps = '1.0e-12' %}

select
    lift_row_id,
    segment_rate,
    segment_rate_ci_low,
    segment_rate_ci_high,
    rate_difference,
    difference_ci_low,
    difference_ci_high,
    p_value,
    q_value,
    shrunk_rate
from {{ ref('fct_segment_lift') }}
where segment_rate_ci_low < 0
    or segment_rate_ci_high > 1
    or segment_rate_ci_low > segment_rate + {{ eps }}
    or segment_rate_ci_high < segment_rate - {{ eps }}
    or baseline_rate_ci_low > baseline_rate + {{ eps }}
    or baseline_rate_ci_high < baseline_rate - {{ eps }}
    or difference_ci_low > rate_difference + {{ eps }}
    or difference_ci_high < rate_difference - {{ eps }}
    or p_value < 0
    or p_value > 1
    or q_value < p_value - {{ eps }}
    or q_value > 1
    or shrunk_rate < least(segment_rate, prior_rate) - {{ eps }}
    or shrunk_rate > greatest(segment_rate, prior_rate) + {{ eps }}
    or (verdict = 'worth_it' and (difference_ci_low <= 0 or lift_ratio < worth_it_lift_threshold - {{ eps }}))
