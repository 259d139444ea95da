{#- Amounts in several currencies -> US dollars through the FX seed (seeds/fx_rates.csv). -#}

{% macro convert_to_usd(relation, amount, currency, amount_usd) -%}
    {#- Body of a CTE: every column of `relation` (a CTE with the typed `amount` and the upper-case
        `currency` code) plus `amount_usd` (double; null when the amount or the rate is missing)
        and is_known_currency (the seed has the currency). -#}
    select
        {{ relation }}.*,
        cast({{ relation }}.{{ amount }} * fx_rates.usd_per_unit as {{ microseg.type_double() }}) as {{ amount_usd }},
        fx_rates.currency_code is not null as is_known_currency
    from {{ relation }}
    left join {{ ref('fx_rates') }} as fx_rates
        on {{ relation }}.{{ currency }} = fx_rates.currency_code
{%- endmacro %}

{% macro currency_rules(amount, currency) -%}
    {#- reject_checks rules for a converted amount: it is not negative, a present amount has a
        currency, and the FX seed knows the currency. -#}
    {{ return([
        (amount ~ ' < 0', 'negative ' ~ amount, amount),
        (amount ~ ' is not null and ' ~ currency ~ ' is null', 'missing ' ~ currency, currency),
        (currency ~ ' is not null and not is_known_currency', 'unknown ' ~ currency, currency),
    ]) }}
{%- endmacro %}
