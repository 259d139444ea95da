-- Every FX rate converts to a positive number of US dollars.
select
    currency_code,
    usd_per_unit
from {{ ref('fx_rates') }}
where usd_per_unit <= 0
