-- One row per account per evaluation date: the engagement-state spell in force on that date
-- (valid_from <= evaluation_date < valid_to).

with

spells as (

    select * from {{ ref('int_accounts__engagement_history') }}

),

evaluation_dates as (

    select evaluation_date from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        spells.account_id,
        evaluation_dates.evaluation_date,
        spells.engagement_state,
        spells.valid_from as engagement_state_since
    from spells
    inner join evaluation_dates
        on spells.valid_from <= evaluation_dates.evaluation_date
            and evaluation_dates.evaluation_date < coalesce(spells.valid_to, cast('9999-12-31' as date))

)

select * from final
