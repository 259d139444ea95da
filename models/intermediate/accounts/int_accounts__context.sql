{{ config(materialized='table') }}
-- One row per account: its context as of the as-of date, i.e. the slice of
-- int_accounts__context_history at evaluation_date = as-of date, with the attributes that are
-- not dated (int_accounts__snapshot_attributes) joined back. Every later model uses it.
-- Materialized as a table: read by every mart.

{%- set snapshot_columns = microseg.account_snapshot_columns() %}

with

history as (

    select *
    from {{ ref('int_accounts__context_history') }}
    where evaluation_date = {{ microseg.as_of_date() }}

),

snapshot as (

    select * from {{ ref('int_accounts__snapshot_attributes') }}

),

final as (

    -- The as-of slice of the history, every column of it (a column added to the history is in
    -- the context too), then the attributes that are not dated.
    select
        history.*,
        {%- for column in snapshot_columns[:-1] %}
            snapshot.{{ column }},
        {%- endfor %}
        snapshot.{{ snapshot_columns[-1] }}
    from history
    inner join snapshot
        on history.account_id = snapshot.account_id

)

select * from final  -- noqa: AM04
