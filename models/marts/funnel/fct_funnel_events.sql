-- One row per funnel event (sent email, real reply, booked or held meeting, opportunity created)
-- of a resolved account, credited point-in-time to the comparison group the account was in on
-- the event's date: the account's primary spell in fct_segment_membership_history with
-- valid_from <= event date < valid_to (the current spell runs through the as-of date). Never
-- today's membership. Events dated before the first evaluation date of the history (no spell
-- covers them) or after the as-of date are not credited and not in the table.

{%- set as_of = microseg.as_of_date() %}
{%- set opportunity_types = var('microseg__funnel_opportunity_types') %}
{%- set text = dbt.type_string() %}

with

primary_spells as (

    select
        account_id,
        segment_id,
        segment_kind,
        macro_segment_id,
        rule_version,
        is_holdout,
        valid_from,
        valid_to,
        coalesce(valid_to, {{ dbt.dateadd('day', 1, as_of) }}) as valid_until
    from {{ ref('fct_segment_membership_history') }}
    where membership_type = 'primary'

),

crm_account_keys as (

    select
        source_key as crm_account_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'crm_accounts'

),

engagement as (

    select
        {{ dbt.concat(['event_source', "':'", 'source_event_id']) }} as funnel_event_key,
        account_id,
        event_date,
        case
            when is_outreach then 'email_sent'
            when is_real_reply then 'reply'
            else 'meeting'
        end as funnel_event_type,
        {{ dbt.concat(['event_source', "':'", 'source_event_id']) }} as source_event_key,
        is_positive_reply,
        cast(null as {{ text }}) as opportunity_id,
        cast(null as {{ text }}) as opportunity_type,
        false as is_closed,
        false as is_won,
        cast(null as date) as close_date,
        cast(null as {{ microseg.type_double() | trim }}) as amount_usd
    from {{ ref('int_accounts__engagement_events') }}
    where account_id is not null
        and event_date <= {{ as_of }}
        and (is_outreach or is_real_reply or event_type in ('meeting_booked', 'meeting_held'))

),

opportunities as (

    -- An opportunity counts as closed (won) only when it closed on or before the as-of date.
    select
        {{ dbt.concat(["'opportunities:'", 'opportunities.opportunity_id']) }} as funnel_event_key,
        crm_account_keys.account_id,
        opportunities.created_date as event_date,
        'opportunity' as funnel_event_type,
        {{ dbt.concat(["'opportunities:'", 'opportunities.opportunity_id']) }} as source_event_key,
        false as is_positive_reply,
        opportunities.opportunity_id,
        opportunities.opportunity_type,
        coalesce(opportunities.is_closed and opportunities.close_date <= {{ as_of }}, false) as is_closed,
        coalesce(
            opportunities.is_closed and opportunities.is_won and opportunities.close_date <= {{ as_of }},
            false
        ) as is_won,
        case
            when opportunities.is_closed and opportunities.close_date <= {{ as_of }}
                then opportunities.close_date
        end as close_date,
        cast(opportunities.amount_usd as {{ microseg.type_double() | trim }}) as amount_usd
    from {{ ref('stg_crm__opportunities') }} as opportunities
    inner join crm_account_keys
        on opportunities.account_id = crm_account_keys.crm_account_id
    where not opportunities.is_deleted
        and opportunities.created_date <= {{ as_of }}
        {%- if opportunity_types %}
            and opportunities.opportunity_type in (
                {%- for opportunity_type in opportunity_types %}
                    '{{ opportunity_type }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
        {%- endif %}

),

events as (

    select * from engagement
    union all
    select * from opportunities

),

credited as (

    select
        events.funnel_event_key,
        events.funnel_event_type,
        events.account_id,
        events.event_date,
        primary_spells.segment_id,
        primary_spells.macro_segment_id,
        primary_spells.rule_version,
        primary_spells.valid_from as spell_valid_from,
        primary_spells.valid_to as spell_valid_to,
        events.source_event_key,
        events.is_positive_reply,
        events.opportunity_id,
        events.opportunity_type,
        events.is_closed,
        events.is_won,
        events.close_date,
        events.amount_usd,
        case
            when primary_spells.segment_kind = 'macro_baseline' then 'macro_baseline'
            when primary_spells.is_holdout then 'holdout'
            else 'micro_segment'
        end as group_type
    from events
    inner join primary_spells
        on events.account_id = primary_spells.account_id
            and events.event_date >= primary_spells.valid_from
            and events.event_date < primary_spells.valid_until

),

final as (

    select
        cast(funnel_event_key as {{ text }}) as funnel_event_key,
        cast(funnel_event_type as {{ text }}) as funnel_event_type,
        cast(account_id as {{ text }}) as account_id,
        cast(event_date as date) as event_date,
        cast(group_type as {{ text }}) as group_type,
        cast(segment_id as {{ text }}) as segment_id,
        cast(macro_segment_id as {{ text }}) as macro_segment_id,
        cast(rule_version as {{ text }}) as rule_version,
        cast(spell_valid_from as date) as spell_valid_from,
        cast(spell_valid_to as date) as spell_valid_to,
        cast(source_event_key as {{ text }}) as source_event_key,
        cast(is_positive_reply as boolean) as is_positive_reply,
        cast(opportunity_id as {{ text }}) as opportunity_id,
        cast(opportunity_type as {{ text }}) as opportunity_type,
        cast(is_closed as boolean) as is_closed,
        cast(is_won as boolean) as is_won,
        cast(close_date as date) as close_date,
        cast(amount_usd as {{ microseg.type_double() | trim }}) as amount_usd,
        cast(
            case
                when close_date >= event_date then {{ dbt.datediff('event_date', 'close_date', 'day') }}
            end as integer
        ) as sales_cycle_days
    from credited

)

select * from final
