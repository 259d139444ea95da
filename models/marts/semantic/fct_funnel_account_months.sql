-- One row per account per comparison group (group type, segment, macro segment) per calendar
-- month in which the account was sent at least one email while in that group: the monthly
-- contact cohorts of fct_segment_funnel at account grain, so that ratio metrics in the semantic
-- layer (models/semantic) are exact sums of numerators over sums of denominators. Same rules as
-- fct_segment_funnel: a send is a trial of the group's play when the account stayed in the group
-- at least microseg__funnel_min_exposure_days after it (or is still in it); the outcome flags
-- say whether a reply, positive reply, meeting or opportunity was credited to the same group on
-- or after the account's first such send of the month, up to the as-of date.

{%- set text = dbt.type_string() %}
{%- set min_exposure_days = var('microseg__funnel_min_exposure_days') | int %}

with

events as (

    select * from {{ ref('fct_funnel_events') }}

),

sends as (

    select
        group_type,
        segment_id,
        macro_segment_id,
        account_id,
        event_date,
        spell_valid_to,
        cast({{ dbt.date_trunc('month', 'event_date') }} as date) as month_start,
        {{ dbt.datediff(
            'event_date', 'spell_valid_to', 'day'
        ) }} as days_in_group_after_send
    from events
    where funnel_event_type = 'email_sent'

),

trial_sends as (

    select
        group_type,
        segment_id,
        macro_segment_id,
        account_id,
        event_date,
        month_start,
        case
            when spell_valid_to is null or days_in_group_after_send >= {{ min_exposure_days }}
                then event_date
        end as trial_send_date
    from sends

),

contact_cohorts as (

    select
        group_type,
        segment_id,
        macro_segment_id,
        account_id,
        month_start,
        min(event_date) as first_send_date,
        min(trial_send_date) as first_contact_date,
        count(*) as messages_sent
    from trial_sends
    group by
        group_type,
        segment_id,
        macro_segment_id,
        account_id,
        month_start

),

outcomes as (

    select
        group_type,
        segment_id,
        macro_segment_id,
        account_id,
        event_date,
        case when funnel_event_type = 'reply' then 1 else 0 end as is_reply,
        case when funnel_event_type = 'reply' and is_positive_reply then 1 else 0 end as is_positive_reply,
        case when funnel_event_type = 'meeting' then 1 else 0 end as is_meeting,
        case when funnel_event_type = 'opportunity' then 1 else 0 end as is_opportunity
    from events
    where funnel_event_type in ('reply', 'meeting', 'opportunity')

),

cohort_outcomes as (

    select
        contact_cohorts.group_type,
        contact_cohorts.segment_id,
        contact_cohorts.macro_segment_id,
        contact_cohorts.account_id,
        contact_cohorts.month_start,
        contact_cohorts.first_send_date,
        contact_cohorts.first_contact_date,
        contact_cohorts.messages_sent,
        coalesce(max(outcomes.is_reply), 0) as has_reply,
        coalesce(max(outcomes.is_positive_reply), 0) as has_positive_reply,
        coalesce(max(outcomes.is_meeting), 0) as has_meeting,
        coalesce(max(outcomes.is_opportunity), 0) as has_opportunity
    from contact_cohorts
    left join outcomes
        on
            contact_cohorts.account_id = outcomes.account_id
            and contact_cohorts.group_type = outcomes.group_type
            and contact_cohorts.segment_id = outcomes.segment_id
            and contact_cohorts.macro_segment_id = outcomes.macro_segment_id
            and contact_cohorts.first_contact_date <= outcomes.event_date
    group by
        contact_cohorts.group_type,
        contact_cohorts.segment_id,
        contact_cohorts.macro_segment_id,
        contact_cohorts.account_id,
        contact_cohorts.month_start,
        contact_cohorts.first_send_date,
        contact_cohorts.first_contact_date,
        contact_cohorts.messages_sent

),

final as (

    select
        cast({{ dbt.concat([
            'group_type', "'|'", 'segment_id', "'|'", 'macro_segment_id', "'|'", 'account_id', "'|'",
            dbt.cast('month_start', text)
        ]) }} as {{ text }}) as account_month_id,
        cast({{ dbt.concat([
            'group_type', "'|'", 'segment_id', "'|'", 'macro_segment_id', "'|'", 'account_id'
        ]) }} as {{ text }}) as account_group_key,
        cast(account_id as {{ text }}) as account_id,
        cast(group_type as {{ text }}) as group_type,
        cast(segment_id as {{ text }}) as segment_id,
        cast(macro_segment_id as {{ text }}) as macro_segment_id,
        cast(month_start as date) as month_start,
        cast(first_send_date as date) as first_send_date,
        cast(first_contact_date as date) as first_contact_date,
        cast(messages_sent as bigint) as messages_sent,
        first_contact_date is not null as is_contacted,
        first_contact_date is null as is_short_exposure,
        has_reply = 1 as has_reply,
        has_positive_reply = 1 as has_positive_reply,
        has_meeting = 1 as has_meeting,
        has_opportunity = 1 as has_opportunity,
        {{ microseg.as_of_date() }} as as_of_date
    from cohort_outcomes

)

select * from final
