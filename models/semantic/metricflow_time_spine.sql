-- One row per calendar day from 2015-01-01 through 2035-12-31: the time spine MetricFlow needs
-- (dbt time_spine config in _semantic__models.yml) to resolve metric_time at day, week, month,
-- quarter and year grain. Built with dbt's portable date_spine macro.

{{ config(materialized='table') }}

with

days as (

    {{ dbt.date_spine(
        datepart='day',
        start_date=microseg.date_literal('2015-01-01'),
        end_date=microseg.date_literal('2036-01-01'),
    ) }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
