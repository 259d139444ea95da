{#- on-run-start hook (dbt_project.yml): on DuckDB, cap the memory the embedded engine may use
    (it spills to its temp directory beyond that) when MICROSEG_DUCKDB_MEMORY_LIMIT is set, e.g.
    "8GB". DuckDB's own default is 80 % of the machine's RAM, which it fills with cache as it
    goes; the benchmark (scripts/benchmark.py --memory-limit) sets it to measure a bounded build.
    Other engines, or the variable unset: a no-op query. -#}
{% macro duckdb_resource_limits() -%}
    {%- set limit = env_var('MICROSEG_DUCKDB_MEMORY_LIMIT', '') | trim -%}
    {%- if target.type == 'duckdb' and limit -%}
        {%- if not modules.re.match('^[0-9]+(\.[0-9]+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$', limit) -%}
            {{ exceptions.raise_compiler_error("MICROSEG_DUCKDB_MEMORY_LIMIT must be a size such as 8GB or 512MiB, got '" ~ limit ~ "'") }}
        {%- endif -%}
        set memory_limit = '{{ limit }}'
    {%- else -%}
        select 1 as no_resource_limit
    {%- endif -%}
{%- endmacro %}
