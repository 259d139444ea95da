{#- Holdouts: an account is held out when the first 8 hex characters of
    md5(salt || '|' || account_id) sort below a threshold computed here from
    var microseg__holdout_share (0.10 -> '19999999', i.e. floor(0.10 * 16^8) in 8 hex digits).
    md5 gives the same lower-case hex on DuckDB, Spark and PostgreSQL, and comparing two
    fixed-length hex strings as text orders them as numbers, so no engine-specific hex -> int
    conversion is needed and every engine holds out the same accounts. The flag depends only on
    the account and the salt: stable across runs, and the same in every segment (a held-out
    account is held out of every micro-segment play, so the holdout is a clean control). -#}

{% macro segments_holdout_share() %}
    {%- set share = var('microseg__holdout_share') -%}
    {%- if share is boolean or share is not number or share < 0 or share > 1 -%}
        {{ exceptions.raise_compiler_error("var microseg__holdout_share must be a number between 0 and 1, got '" ~ share ~ "'") }}
    {%- endif -%}
    {{ return(share) }}
{% endmacro %}

{% macro segments_holdout_threshold() %}
    {%- set share = microseg.segments_holdout_share() -%}
    {%- set threshold = (share * 4294967296) | round(0, 'floor') | int -%}
    {%- if threshold > 4294967295 -%}{%- set threshold = 4294967295 -%}{%- endif -%}
    {{ return('%08x' | format(threshold)) }}
{% endmacro %}

{#- The hash prefix an account's holdout draw is made from (8 lower-case hex characters). -#}
{% macro segments_holdout_hash_sql(account_id) %}
    {%- set salt = var('microseg__holdout_salt') -%}
    {%- if salt is not string or (salt | trim) == '' -%}
        {{ exceptions.raise_compiler_error("var microseg__holdout_salt must be a non-empty text, got '" ~ salt ~ "'") }}
    {%- endif -%}
    {{ return('substring(' ~ dbt.hash(dbt.concat([microseg.segments_string_literal(salt), "'|'", account_id])) ~ ', 1, 8)') }}
{% endmacro %}

{#- Boolean SQL: is this account in the holdout? -#}
{% macro segments_is_holdout_sql(account_id) %}
    {%- set share = microseg.segments_holdout_share() -%}
    {%- if share >= 1 -%}
        {{ return('true') }}
    {%- elif share <= 0 -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return('(' ~ microseg.segments_holdout_hash_sql(account_id) ~ " < '" ~ microseg.segments_holdout_threshold() ~ "')") }}
{% endmacro %}
