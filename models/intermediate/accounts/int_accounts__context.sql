{{ config(materialized='table') }}
-- One row per account: its context as of the as-of date, i.e. the slice of
-- int_accounts__context_history at evaluation_date = as-of date. Every later model uses it.
-- Materialized as a table: read by every mart.

with

final as (

    -- The as-of slice of the history: every column of it, by design.
    select *
    from {{ ref('int_accounts__context_history') }}
    where evaluation_date = {{ microseg.as_of_date() }}

)

select * from final  -- noqa: AM04
