{#- Re-pulls repeat rows; staging keeps the latest usable row of each key.
    - source_key (in each base model): the key as one text value, parts joined with '|';
    - dedupe_rank (in each stg model, over usable rows only, so that a bad re-pull never hides a
      good row): 1 for the latest row of its key, ordered by `latest_first` columns descending
      (NULLs last). Rows tied on the key and every ordering column are the same re-pull; which
      of them is kept is not specified. The usable rows with a rank above 1 are the duplicates
      collapsed. -#}

{% macro dedupe_rank(latest_first) -%}
    row_number() over (
        partition by source_key
        order by
            {%- for column in latest_first %} {{ column }} desc nulls last{{ ',' if not loop.last }}{% endfor %}
    )
{%- endmacro %}

{% macro key_text(columns) -%}
    {%- if columns | length == 1 -%}
        cast({{ columns[0] }} as {{ dbt.type_string() }})
    {%- else -%}
        {%- set parts = [] -%}
        {%- for column in columns -%}
            {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
            {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- endfor -%}
        {{ dbt.concat(parts) }}
    {%- endif -%}
{%- endmacro %}
