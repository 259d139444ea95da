-- One row per comparison group per macro segment per period: a micro-segment (its played
-- accounts), its holdout, or a macro segment's baseline (accounts in no micro-segment), for every
-- month, quarter and the whole attribution window (all_time). Counts are credited point-in-time
-- (fct_funnel_events). Account-level rates follow a contact cohort: the accounts contacted in
-- the group during the period, and which of them went on (on or after their first contact of
-- the period, up to the as-of date, while still in the same group) to reply, reply positively,
-- book a meeting or get an opportunity. Opportunity outcomes follow a creation cohort: the
-- opportunities created in the group during the period, closed and won by the as-of date.

{%- set as_of = microseg.as_of_date() %}
{%- set text = dbt.type_string() %}
{%- set double = microseg.type_double() | trim %}
{%- set min_exposure_days = var('microseg__funnel_min_exposure_days') | int %}

with

periods as (
    {{ microseg.funnel_periods_sql() }}
),

primary_spells as (

    select
        account_id,
        case
            when segment_kind = 'macro_baseline' then 'macro_baseline'
            when is_holdout then 'holdout'
            else 'micro_segment'
        end as group_type,
        segment_id,
        macro_segment_id,
        valid_from,
        coalesce(valid_to, {{ dbt.dateadd('day', 1, as_of) }}) as valid_until
    from {{ ref('fct_segment_membership_history') }}
    where membership_type = 'primary'

),

events as (

    select * from {{ ref('fct_funnel_events') }}

),

group_accounts as (

    -- Accounts whose primary spell in the group overlaps the period.
    select
        primary_spells.group_type,
        primary_spells.segment_id,
        primary_spells.macro_segment_id,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.is_complete_period,
        count(distinct primary_spells.account_id) as accounts_in_segment
    from primary_spells
    inner join periods
        on primary_spells.valid_from <= periods.period_end
            and primary_spells.valid_until > periods.period_start
    group by
        primary_spells.group_type,
        primary_spells.segment_id,
        primary_spells.macro_segment_id,
        periods.period_type,
        periods.period_start,
        periods.period_end,
        periods.is_complete_period

),

event_periods as (

    select
        events.*,
        periods.period_type,
        periods.period_start
    from events
    inner join periods
        on events.event_date >= periods.period_start
            and events.event_date <= periods.period_end

),

contact_cohorts as (

    -- One row per account contacted in the group during the period. The cohort entry is the
    -- first send after which the account stayed in the group for at least min_exposure_days (or
    -- is still in it); an account with no such send is a short-exposure contact: its touches are
    -- credited to the group, but it is not a trial of the group's play.
    select
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start,
        account_id,
        count(*) as messages_sent,
        min(
            case
                when
                    spell_valid_to is null
                    or spell_valid_to >= {{ dbt.dateadd('day', min_exposure_days, 'event_date') }}
                    then event_date
            end
        ) as first_contact_date
    from event_periods
    where funnel_event_type = 'email_sent'
    group by
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start,
        account_id

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

    -- Outcomes credited to the same group on or after the cohort entry, up to the as-of date.
    select
        contact_cohorts.group_type,
        contact_cohorts.segment_id,
        contact_cohorts.macro_segment_id,
        contact_cohorts.period_type,
        contact_cohorts.period_start,
        contact_cohorts.account_id,
        contact_cohorts.messages_sent,
        contact_cohorts.first_contact_date,
        coalesce(max(outcomes.is_reply), 0) as has_reply,
        coalesce(max(outcomes.is_positive_reply), 0) as has_positive_reply,
        coalesce(max(outcomes.is_meeting), 0) as has_meeting,
        coalesce(max(outcomes.is_opportunity), 0) as has_opportunity
    from contact_cohorts
    left join outcomes
        on contact_cohorts.account_id = outcomes.account_id
            and contact_cohorts.group_type = outcomes.group_type
            and contact_cohorts.segment_id = outcomes.segment_id
            and contact_cohorts.macro_segment_id = outcomes.macro_segment_id
            and contact_cohorts.first_contact_date <= outcomes.event_date
    group by
        contact_cohorts.group_type,
        contact_cohorts.segment_id,
        contact_cohorts.macro_segment_id,
        contact_cohorts.period_type,
        contact_cohorts.period_start,
        contact_cohorts.account_id,
        contact_cohorts.messages_sent,
        contact_cohorts.first_contact_date

),

contact_metrics as (

    select
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start,
        count(first_contact_date) as accounts_contacted,
        count(*) - count(first_contact_date) as accounts_contacted_short_exposure,
        sum(messages_sent) as messages_sent,
        sum(has_reply) as accounts_replied,
        sum(has_positive_reply) as accounts_positive_reply,
        sum(has_meeting) as accounts_with_meeting,
        sum(has_opportunity) as accounts_with_opportunity
    from cohort_outcomes
    group by
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start

),

activity as (

    -- Events dated in the period (opportunities by creation date: the creation cohort).
    select
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start,
        sum(case when funnel_event_type = 'reply' then 1 else 0 end) as replies_count,
        sum(case when funnel_event_type = 'reply' and is_positive_reply then 1 else 0 end) as positive_replies_count,
        sum(case when funnel_event_type = 'meeting' then 1 else 0 end) as meetings_count,
        sum(case when funnel_event_type = 'opportunity' then 1 else 0 end) as opportunities_created,
        sum(case when funnel_event_type = 'opportunity' and is_closed then 1 else 0 end) as opportunities_closed,
        sum(case when funnel_event_type = 'opportunity' and is_won then 1 else 0 end) as opportunities_won,
        sum(
            case when funnel_event_type = 'opportunity' and is_won and amount_usd is not null then 1 else 0 end
        ) as won_with_amount_count,
        sum(case when funnel_event_type = 'opportunity' and is_won then amount_usd end) as won_amount_usd
    from event_periods
    group by
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start

),

sales_cycles as (

    select
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start,
        {{ microseg.median('sales_cycle_days') }} as median_sales_cycle_days
    from event_periods
    where
        funnel_event_type = 'opportunity'
        and is_won
        and sales_cycle_days is not null
    group by
        group_type,
        segment_id,
        macro_segment_id,
        period_type,
        period_start

),

joined as (

    select
        group_accounts.group_type,
        group_accounts.segment_id,
        group_accounts.macro_segment_id,
        group_accounts.period_type,
        group_accounts.period_start,
        group_accounts.period_end,
        group_accounts.is_complete_period,
        group_accounts.accounts_in_segment,
        sales_cycles.median_sales_cycle_days,
        coalesce(contact_metrics.accounts_contacted, 0) as accounts_contacted,
        coalesce(contact_metrics.accounts_contacted_short_exposure, 0) as accounts_contacted_short_exposure,
        coalesce(contact_metrics.messages_sent, 0) as messages_sent,
        coalesce(contact_metrics.accounts_replied, 0) as accounts_replied,
        coalesce(contact_metrics.accounts_positive_reply, 0) as accounts_positive_reply,
        coalesce(contact_metrics.accounts_with_meeting, 0) as accounts_with_meeting,
        coalesce(contact_metrics.accounts_with_opportunity, 0) as accounts_with_opportunity,
        coalesce(activity.replies_count, 0) as replies_count,
        coalesce(activity.positive_replies_count, 0) as positive_replies_count,
        coalesce(activity.meetings_count, 0) as meetings_count,
        coalesce(activity.opportunities_created, 0) as opportunities_created,
        coalesce(activity.opportunities_closed, 0) as opportunities_closed,
        coalesce(activity.opportunities_won, 0) as opportunities_won,
        coalesce(activity.won_amount_usd, 0) as won_amount_usd,
        coalesce(activity.won_with_amount_count, 0) as won_with_amount_count
    from group_accounts
    left join contact_metrics
        on group_accounts.group_type = contact_metrics.group_type
            and group_accounts.segment_id = contact_metrics.segment_id
            and group_accounts.macro_segment_id = contact_metrics.macro_segment_id
            and group_accounts.period_type = contact_metrics.period_type
            and group_accounts.period_start = contact_metrics.period_start
    left join activity
        on group_accounts.group_type = activity.group_type
            and group_accounts.segment_id = activity.segment_id
            and group_accounts.macro_segment_id = activity.macro_segment_id
            and group_accounts.period_type = activity.period_type
            and group_accounts.period_start = activity.period_start
    left join sales_cycles
        on group_accounts.group_type = sales_cycles.group_type
            and group_accounts.segment_id = sales_cycles.segment_id
            and group_accounts.macro_segment_id = sales_cycles.macro_segment_id
            and group_accounts.period_type = sales_cycles.period_type
            and group_accounts.period_start = sales_cycles.period_start

),

final as (

    select
        cast({{ dbt.concat([
            'group_type', "'|'", 'segment_id', "'|'", 'macro_segment_id', "'|'", 'period_type', "'|'",
            dbt.cast('period_start', text)
        ]) }} as {{ text }}) as funnel_row_id,
        cast(group_type as {{ text }}) as group_type,
        cast(segment_id as {{ text }}) as segment_id,
        cast(macro_segment_id as {{ text }}) as macro_segment_id,
        cast(period_type as {{ text }}) as period_type,
        cast(period_start as date) as period_start,
        cast(period_end as date) as period_end,
        cast(is_complete_period as boolean) as is_complete_period,
        cast(accounts_in_segment as bigint) as accounts_in_segment,
        cast(accounts_contacted as bigint) as accounts_contacted,
        cast(accounts_contacted_short_exposure as bigint) as accounts_contacted_short_exposure,
        cast(messages_sent as bigint) as messages_sent,
        cast(accounts_replied as bigint) as accounts_replied,
        cast(accounts_positive_reply as bigint) as accounts_positive_reply,
        cast(accounts_with_meeting as bigint) as accounts_with_meeting,
        cast(accounts_with_opportunity as bigint) as accounts_with_opportunity,
        {{ microseg.safe_divide('accounts_replied', 'accounts_contacted') }} as reply_rate,
        {{ microseg.safe_divide('accounts_positive_reply', 'accounts_contacted') }} as positive_reply_rate,
        {{ microseg.safe_divide('accounts_with_meeting', 'accounts_contacted') }} as meeting_rate,
        {{ microseg.safe_divide('accounts_with_opportunity', 'accounts_contacted') }} as opportunity_rate,
        cast(replies_count as bigint) as replies_count,
        cast(positive_replies_count as bigint) as positive_replies_count,
        cast(meetings_count as bigint) as meetings_count,
        cast(opportunities_created as bigint) as opportunities_created,
        cast(opportunities_closed as bigint) as opportunities_closed,
        cast(opportunities_won as bigint) as opportunities_won,
        {{ microseg.safe_divide('opportunities_won', 'opportunities_closed') }} as win_rate,
        cast(won_amount_usd as {{ double }}) as won_amount_usd,
        cast(won_with_amount_count as bigint) as won_with_amount_count,
        {{ microseg.safe_divide('won_amount_usd', 'won_with_amount_count') }} as average_deal_size_usd,
        cast(median_sales_cycle_days as {{ double }}) as median_sales_cycle_days,
        {{ as_of }} as as_of_date
    from joined

)

select * from final
