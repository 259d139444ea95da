-- Worked example: why did this account move? Every entry into and exit from a micro-segment of
-- one account, in order, with the signal that caused it, next to the primary segment it was
-- routed to before and after.
--
-- Pick the account with the var microseg__analysis_account_id, e.g.
--   dbt compile --select path:analyses --vars '{microseg__analysis_account_id: acme.com}'
-- Left null, the analysis explains the account whose membership changed most recently (ties: the
-- most changes, then the account id).

{%- set chosen = var('microseg__analysis_account_id', none) %}
{%- if chosen %}
    {%- set chosen_sql = "cast('" ~ (chosen | string | replace("'", "''")) ~ "' as " ~ dbt.type_string() ~ ")" %}
{%- else %}
    {%- set chosen_sql = "cast(null as " ~ dbt.type_string() ~ ")" %}
{%- endif %}

with

changes as (

    select * from {{ ref('fct_segment_membership_changes') }}

),

latest_changed_account as (

    select account_id
    from changes
    group by account_id
    order by max(change_date) desc, count(*) desc, account_id
    limit 1

),

chosen_account as (

    select coalesce({{ chosen_sql }}, latest_changed_account.account_id) as account_id
    from latest_changed_account

),

primary_spells as (

    select
        history.account_id,
        history.segment_id,
        history.valid_from,
        history.valid_to
    from {{ ref('fct_segment_membership_history') }} as history
    inner join chosen_account
        on history.account_id = chosen_account.account_id
    where history.membership_type = 'primary'

),

segments as (

    select
        segment_id,
        segment_name
    from {{ ref('dim_segments') }}

),

account_changes as (

    select changes.*
    from changes
    inner join chosen_account
        on changes.account_id = chosen_account.account_id

),

final as (

    select
        account_changes.account_id,
        account_changes.change_date,
        account_changes.change_type,
        account_changes.segment_id,
        account_changes.cause,
        account_changes.signal_kind,
        account_changes.signal_label,
        account_changes.signal_value,
        account_changes.signal_observed_date,
        account_changes.signal_source_model,
        account_changes.signal_source_key,
        account_changes.cause_signals,
        account_changes.rule_version,
        routed_before.segment_id as primary_segment_before,
        routed_after.segment_id as primary_segment_after,
        coalesce(segments.segment_name, account_changes.segment_id) as segment_name,
        coalesce(routed_before.segment_id, '') <> coalesce(routed_after.segment_id, '') as is_rerouted
    from account_changes
    left join segments
        on account_changes.segment_id = segments.segment_id
    left join primary_spells as routed_before
        on
            account_changes.change_date > routed_before.valid_from
            and (routed_before.valid_to is null or account_changes.change_date <= routed_before.valid_to)
    left join primary_spells as routed_after
        on
            account_changes.change_date >= routed_after.valid_from
            and (routed_after.valid_to is null or account_changes.change_date < routed_after.valid_to)

)

select * from final
order by change_date, change_type, segment_id
