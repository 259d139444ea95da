-- One row per account per evaluation date: the engagement-state spell in force on that date
-- (valid_from <= evaluation_date < valid_to). Every account has a spell from 1900-01-01, so
-- this is also the accounts x dates spine of int_accounts__context_base. The spells take their
-- account_index before they are spread onto the dates (one join per spell, not per row).
-- A view: the engagement spells are built late (after the event stream), so writing this
-- spine as a table would lengthen the build's critical path more than the context base and
-- the tests gain from reading it.

with

accounts as (

    select
        account_id,
        account_index
    from {{ ref('int_accounts__resolved') }}

),

spells as (

    select
        accounts.account_index,
        spells.account_id,
        spells.engagement_state,
        spells.valid_from,
        coalesce(spells.valid_to, cast('9999-12-31' as date)) as valid_until
    from {{ ref('int_accounts__engagement_history') }} as spells
    inner join accounts
        on spells.account_id = accounts.account_id

),

evaluation_dates as (

    select * from {{ ref('int_accounts__evaluation_dates') }}

),

final as (

    select
        {{ microseg.context_key('spells.account_index', 'evaluation_dates.evaluation_index') }} as context_key,
        spells.account_index,
        spells.account_id,
        evaluation_dates.evaluation_date,
        spells.engagement_state,
        spells.valid_from as engagement_state_since
    from spells
    inner join evaluation_dates
        on spells.valid_from <= evaluation_dates.evaluation_date
            and spells.valid_until > evaluation_dates.evaluation_date

)

select * from final
