{{ config(materialized='table') }}
-- One row per evaluation date of the context history: the as-of date and each of the
-- microseg__history_weeks weeks before it (evaluation_index 0 is the as-of date, 1 a week
-- earlier ...; 53 dates by default).

{%- set weeks = var('microseg__history_weeks') | int %}
{%- if weeks < 0 or weeks > 9999 %}
    {{ exceptions.raise_compiler_error("var microseg__history_weeks must be between 0 and 9999, got '" ~ weeks ~ "'") }}
{%- endif %}

with

numbers as (

    {{ dbt.generate_series(weeks + 1) }}

),

final as (

    select
        cast(generated_number - 1 as integer) as evaluation_index,
        cast({{ dbt.dateadd('day', '-7 * (generated_number - 1)', microseg.as_of_date()) }} as date) as evaluation_date
    from numbers

)

select * from final
