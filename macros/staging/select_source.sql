{#- The import CTE of every base model: the declared columns of one raw extract, as text, named
    raw_<column>, after checking that the extract can be used. A bad extract stops the build with
    one line naming the raw table, where it lives, and what is wrong:

        raw extract crm.accounts (/data/raw/crm/accounts.parquet): missing required column 'website'

    Checked when dbt runs or builds the model: the file exists and is not empty (DuckDB files),
    it has rows, and it has every column declared `meta: {required: true}` in the source YAML.
    A declared column that is not required may be absent from the extract: it reads as NULL, and
    the run logs a warning naming the extract and the columns (a renamed column would otherwise
    turn into NULLs unnoticed; `--warn-error` makes it fail).

    `columns` (a list of declared column names) imports only those: a second import CTE that
    feeds a CTE of distinct values (see macros/staging/normalize.sql). Reading the extract twice
    is cheaper than reading one import CTE twice: DuckDB then materialises the CTE, every row of
    every column (measured on 3 M email events: ~1.3 s of CPU, and the picklists lose the
    dictionary encoding that lets DuckDB normalise each distinct value once).

    `where` (a condition on the extract's own columns; '' = every row) filters the rows: the
    incremental base models pass their load window (macros/staging/load_window.sql). -#}

{% macro select_source(source_name, table_name, columns=none, where='') -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set node = microseg.source_node(source_name, table_name) -%}
    {%- if node is none -%}
        {#- Parsing: only the dependency on the source matters. Unit tests: the fixture stands in
            for this CTE, so it gives the raw_<column> names itself. -#}
        select * from {{ relation }}
    {%- else -%}
        {%- set declared = node.columns.values() | list -%}
        {%- if columns is not none -%}
            {%- set names = declared | map(attribute='name') | list -%}
            {%- for name in columns if name not in names -%}
                {{ exceptions.raise_compiler_error("select_source: " ~ source_name ~ "." ~ table_name ~ " declares no column '" ~ name ~ "'") }}
            {%- endfor -%}
            {%- set declared = declared | selectattr('name', 'in', columns) | list -%}
        {%- endif -%}
        {%- set present = microseg.check_source(relation, node, warn_absent=columns is none) -%}
        select
        {%- for column in declared %}
            {% if present is none or column.name | lower in present -%}
                cast({{ column.name }} as {{ dbt.type_string() }})
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as raw_{{ column.name }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
    {%- endif -%}
{%- endmacro %}

{% macro source_node(source_name, table_name) -%}
    {#- The source's node in the manifest (its declared columns and meta); none while parsing and
        in unit tests (their manifest holds no sources). -#}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for node in graph.get('sources', {}).values() -%}
        {%- if node.source_name == source_name and node.name == table_name -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}

{% macro raw_location(relation) -%}
    {#- Where a raw table lives, for messages: the file path of a DuckDB external source
        (read_parquet('<path>')), else the relation name. -#}
    {%- set match = modules.re.search("'([^']+)'", relation | string) -%}
    {{ return(match.group(1) if match else relation | string) }}
{%- endmacro %}

{% macro check_source(relation, node, warn_absent=true) -%}
    {#- Raises on an unusable extract; returns the lower-cased column names it has, or none when
        the relation is not a real table (unit tests feed fixtures instead). warn_absent: log a
        warning for declared columns the extract lacks (once per model: the main import). -#}
    {%- if flags.WHICH not in ('run', 'build') or model.resource_type == 'unit_test'
        or (relation | string).startswith('__dbt__cte__') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set label = 'raw extract ' ~ node.source_name ~ '.' ~ node.name ~ ' (' ~ microseg.raw_location(relation) ~ ')' -%}
    {%- set problem = adapter.dispatch('raw_file_problem', 'microseg')(relation) -%}
    {%- if problem -%}
        {{ exceptions.raise_compiler_error(label ~ ': ' ~ problem) }}
    {%- endif -%}
    {%- set sample = run_query('select * from ' ~ relation ~ ' limit 1') -%}
    {%- set present = sample.column_names | map('lower') | list -%}
    {%- set missing = [] -%}
    {%- for column in node.columns.values() -%}
        {%- if column.meta.get('required') and column.name | lower not in present -%}
            {%- do missing.append("'" ~ column.name ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(label ~ ': missing required column' ~ ('s ' if missing | length > 1 else ' ') ~ missing | join(', ')) }}
    {%- endif -%}
    {%- set absent = [] -%}
    {%- for column in node.columns.values() if column.name | lower not in present -%}
        {%- do absent.append("'" ~ column.name ~ "'") -%}
    {%- endfor -%}
    {%- if absent and warn_absent -%}
        {%- do exceptions.warn(label ~ ': declared column' ~ ('s ' if absent | length > 1 else ' ') ~ absent | join(', ') ~ ' not in the extract: read as NULL (renamed? see the source contract in ' ~ node.original_file_path ~ ')') -%}
    {%- endif -%}
    {%- if sample.rows | length == 0 and var('microseg__fail_on_empty_extract', true) -%}
        {{ exceptions.raise_compiler_error(label ~ ': no rows (an empty extract; set var microseg__fail_on_empty_extract: false to allow)') }}
    {%- endif -%}
    {{ return(present) }}
{%- endmacro %}

{% macro default__raw_file_problem(relation) -%}
    {#- Tables loaded into a warehouse: nothing to check before querying them. -#}
    {{ return('') }}
{%- endmacro %}

{% macro duckdb__raw_file_problem(relation) -%}
    {#- A DuckDB external source reads a file: say so when it is missing or has zero bytes,
        before DuckDB answers with an error about the generated SQL. -#}
    {%- set text = relation | string -%}
    {%- if not modules.re.match('^read_[a-z_]+[(]', text) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set path = microseg.raw_location(relation) -%}
    {%- set found = run_query("select count(*) as files, coalesce(min(size), 0) as smallest from read_blob('" ~ path ~ "')") if run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] > 0 else none -%}
    {%- if found is none -%}
        {{ return('file not found') }}
    {%- elif found.columns[1].values()[0] == 0 -%}
        {{ return('file is empty (0 bytes)') }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
