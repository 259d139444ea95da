{#- Re-pulls repeat rows; staging keeps the latest usable row of each key.
    - source_key (in each base model): the key as one text value, parts joined with '|';
    - dedupe_rank (in each stg model, over usable rows only, so that a bad re-pull never hides a
      good row): 1 for the latest row of its key, ordered by `latest_first` columns descending
      (NULLs last). Rows tied on the key and every ordering column are the same re-pull; which
      of them is kept is not specified. The usable rows with a rank above 1 are the duplicates
      collapsed.

    The event tables (stg_engagement__*) rank in two CTEs instead of one window over every row:
        repeated_keys as ( repeated_keys('candidates') ),
        ranked as ( ranked_rows('candidates', 'repeated_keys', ['_extracted_at']) ),
    Most keys have one row (~15 k of ~2.9 M email events repeat at 50 k accounts), and a window
    sorts every row it ranks with all its columns: the rows of a key that has one row get rank 1
    without the window, only the rows of repeated keys are ranked. Measured at 50 k accounts:
    email events 6.4 -> 5.0 s of CPU, web visits 1.7 -> 1.4 s; on narrow tables finding the
    repeated keys costs more than it saves (headcount history 0.72 -> 0.82 s), so the other
    stg models keep the single window. Usable rows always have a source_key (the key columns
    are required), so no key is NULL here.
    The repeated keys are found on a 64-bit hash of source_key (microseg.hash64), not the text:
    grouping 59 M text keys (the e-mail events at 1 M accounts) took 16.4 s against 7.4 s for
    their hashes (DuckDB, 2 threads), and the hash join that splits the rows is on a bigint. A
    collision is harmless: it only sends the rows of two keys through the exact window, which
    partitions by the text source_key. -#}

{% macro dedupe_rank(latest_first) -%}
    row_number() over (
        partition by source_key
        order by
            {%- for column in latest_first %} {{ column }} desc nulls last{{ ',' if not loop.last }}{% endfor %}
    )
{%- endmacro %}

{% macro repeated_keys(relation) -%}
    {#- Body of a CTE: repeated_key_hash, the microseg.hash64 of each source_key that has more than one
        row in `relation` (and of any key whose hash collides with another key's). -#}
    select {{ microseg.hash64('source_key') }} as repeated_key_hash
    from {{ relation }}
    group by {{ microseg.hash64('source_key') }}
    having count(*) > 1
{%- endmacro %}

{% macro ranked_rows(relation, repeated, latest_first) -%}
    {#- Body of a CTE: every row of `relation` plus its dedupe_rank; `repeated` is the CTE of
        repeated_keys(relation). -#}
    select
        {{ relation }}.*,
        1 as dedupe_rank
    from {{ relation }}
    left join {{ repeated }}
        on {{ microseg.hash64(relation ~ '.source_key') }} = {{ repeated }}.repeated_key_hash
    where {{ repeated }}.repeated_key_hash is null
    union all
    select
        {{ relation }}.*,
        {{ microseg.dedupe_rank(latest_first) }} as dedupe_rank
    from {{ relation }}
    inner join {{ repeated }}
        on {{ microseg.hash64(relation ~ '.source_key') }} = {{ repeated }}.repeated_key_hash
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
