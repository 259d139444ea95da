{{ config(materialized='table') }}
-- One row per account per engagement-state spell (SCD type 2), computed from the dated events
-- up to the as-of date. States: never_contacted -> contacted_not_engaged (first sent email) ->
-- engaged_not_converted (first real reply, click, booked/held meeting or content download) ->
-- customer (a closed-won opportunity) -> churned (a closed-lost renewal dated on or after the
-- last win: a win on the day of the loss does not undo it; a later win makes the account a
-- customer again). A spell is valid from valid_from
-- (inclusive) to valid_to (exclusive); valid_to is null for the current spell. Every account
-- starts with a never_contacted spell from 1900-01-01.
-- Materialized as a table: a per-account time series the context history reads.

{%- set as_of = microseg.as_of_date() %}

with

accounts as (

    select account_id from {{ ref('int_accounts__resolved') }}

),

crm_account_keys as (

    select
        source_key as crm_account_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'crm_accounts'

),

events as (

    select
        account_id,
        event_date,
        case when is_outreach then 1 else 0 end as is_contact,
        case when is_engagement then 1 else 0 end as is_engagement
    from {{ ref('int_accounts__engagement_events') }}
    where account_id is not null
        and event_date <= {{ as_of }}
        and (is_outreach or is_engagement)

),

opportunities as (

    select
        crm_account_keys.account_id,
        opportunities.close_date,
        case when opportunities.is_won then 1 else 0 end as is_win,
        case
            when not opportunities.is_won and opportunities.opportunity_type = 'renewal' then 1
            else 0
        end as is_lost_renewal
    from {{ ref('stg_crm__opportunities') }} as opportunities
    inner join crm_account_keys
        on opportunities.account_id = crm_account_keys.crm_account_id
    where not opportunities.is_deleted
        and opportunities.is_closed
        and opportunities.close_date <= {{ as_of }}

),

milestones as (

    select
        account_id,
        event_date as milestone_date,
        is_contact,
        is_engagement,
        0 as is_win,
        0 as is_lost_renewal
    from events

    union all

    select
        account_id,
        close_date as milestone_date,
        0 as is_contact,
        0 as is_engagement,
        is_win,
        is_lost_renewal
    from opportunities
    where is_win = 1 or is_lost_renewal = 1

    union all

    select
        account_id,
        cast('1900-01-01' as date) as milestone_date,
        0 as is_contact,
        0 as is_engagement,
        0 as is_win,
        0 as is_lost_renewal
    from accounts

),

daily as (

    select
        account_id,
        milestone_date,
        max(is_contact) as has_contact,
        max(is_engagement) as has_engagement,
        max(is_win) as has_win,
        max(is_lost_renewal) as has_lost_renewal
    from milestones
    group by 1, 2

),

cumulative as (

    select
        account_id,
        milestone_date,
        min(case when has_contact = 1 then milestone_date end) over (
            partition by account_id order by milestone_date rows between unbounded preceding and current row
        ) as first_contacted_date,
        min(case when has_engagement = 1 then milestone_date end) over (
            partition by account_id order by milestone_date rows between unbounded preceding and current row
        ) as first_engaged_date,
        max(case when has_win = 1 then milestone_date end) over (
            partition by account_id order by milestone_date rows between unbounded preceding and current row
        ) as last_won_date,
        max(case when has_lost_renewal = 1 then milestone_date end) over (
            partition by account_id order by milestone_date rows between unbounded preceding and current row
        ) as last_lost_renewal_date
    from daily

),

states as (

    select
        account_id,
        milestone_date,
        first_contacted_date,
        first_engaged_date,
        last_won_date,
        last_lost_renewal_date,
        case
            when last_won_date is not null and last_lost_renewal_date >= last_won_date then 'churned'
            when last_won_date is not null then 'customer'
            when first_engaged_date is not null then 'engaged_not_converted'
            when first_contacted_date is not null then 'contacted_not_engaged'
            else 'never_contacted'
        end as engagement_state
    from cumulative

),

changes as (

    select
        *,
        lag(engagement_state) over (partition by account_id order by milestone_date) as previous_state
    from states

),

spells as (

    select
        account_id,
        engagement_state,
        milestone_date as valid_from,
        first_contacted_date,
        first_engaged_date,
        last_won_date,
        last_lost_renewal_date
    from changes
    where previous_state is null
        or previous_state <> engagement_state

),

final as (

    select
        {{ dbt.concat(['account_id', "'|'", dbt.cast('valid_from', dbt.type_string())]) }} as engagement_spell_id,
        account_id,
        engagement_state,
        valid_from,
        lead(valid_from) over (partition by account_id order by valid_from) as valid_to,
        lead(valid_from) over (partition by account_id order by valid_from) is null as is_current,
        first_contacted_date,
        first_engaged_date,
        last_won_date,
        last_lost_renewal_date
    from spells

)

select * from final
