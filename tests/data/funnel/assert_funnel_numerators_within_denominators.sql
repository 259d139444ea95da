-- Every account-level rate is a share of the contact cohort and every opportunity outcome a share
-- of its creation cohort: a numerator above its denominator (or a rate outside [0, 1]) means an
-- outcome was counted for an account outside the cohort. Returns the offending funnel rows.

select
    funnel_row_id,
    accounts_contacted,
    accounts_replied,
    accounts_positive_reply,
    accounts_with_meeting,
    accounts_with_opportunity,
    opportunities_created,
    opportunities_closed,
    opportunities_won
from {{ ref('fct_segment_funnel') }}
where accounts_replied > accounts_contacted
    or accounts_positive_reply > accounts_replied
    or accounts_with_meeting > accounts_contacted
    or accounts_with_opportunity > accounts_contacted
    or opportunities_won > opportunities_closed
    or opportunities_closed > opportunities_created
    or accounts_contacted > accounts_in_segment
    or reply_rate < 0 or reply_rate > 1
    or meeting_rate < 0 or meeting_rate > 1
    or win_rate < 0 or win_rate > 1
