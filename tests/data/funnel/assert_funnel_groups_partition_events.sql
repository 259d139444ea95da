-- The comparison groups partition the credited events: for every period, the messages, meetings
-- and opportunities of fct_segment_funnel summed over all groups equal the events of
-- fct_funnel_events (one row per credited event) dated in that period. A mismatch means the
-- funnel counted an event in two groups, in none, or in the wrong period. (It does not check
-- which events fct_funnel_events credits: tests/test_funnel.py recomputes that attribution.)
-- Returns the periods that differ.

with

funnel as (

    select
        period_type,
        period_start,
        period_end,
        sum(messages_sent) as messages_sent,
        sum(meetings_count) as meetings_count,
        sum(opportunities_created) as opportunities_created
    from {{ ref('fct_segment_funnel') }}
    group by
        period_type,
        period_start,
        period_end

),

events as (

    select
        funnel.period_type,
        funnel.period_start,
        sum(case when events.funnel_event_type = 'email_sent' then 1 else 0 end) as messages_sent,
        sum(case when events.funnel_event_type = 'meeting' then 1 else 0 end) as meetings_count,
        sum(case when events.funnel_event_type = 'opportunity' then 1 else 0 end) as opportunities_created
    from funnel
    inner join {{ ref('fct_funnel_events') }} as events
        on events.event_date >= funnel.period_start
        and events.event_date <= funnel.period_end
    group by
        funnel.period_type,
        funnel.period_start

)

select
    funnel.period_type,
    funnel.period_start,
    funnel.messages_sent,
    events.messages_sent as credited_messages_sent
from funnel
left join events
    on funnel.period_type = events.period_type
    and funnel.period_start = events.period_start
where coalesce(events.messages_sent, 0) <> funnel.messages_sent
    or coalesce(events.meetings_count, 0) <> funnel.meetings_count
    or coalesce(events.opportunities_created, 0) <> funnel.opportunities_created
