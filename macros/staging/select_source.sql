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
    {%- set match = modules.re.search("'((?:[^']|'')+)'", relation | string) -%}
    {{ return(match.group(1) | replace("''", "'") if match else relation | string) }}
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
    {%- if missing and (relation | string).startswith('read_csv') -%}
        {#- DuckDB's CSV sniffer gave up: each line read as one field, or the quote character not
            recognised (header names keep their quotes). -#}
        {%- set unquoted = present | map('replace', '"', '') | list -%}
        {%- if present | length <= 1 or unquoted | select('in', missing | map('replace', "'", '') | list) | list -%}
            {{ exceptions.raise_compiler_error(label ~ ': not readable as CSV (DuckDB found the columns ' ~ present[:3] | join(', ') ~ (', ...' if present | length > 3 else '') ~ '): look for an unterminated quote, a truncated last line, or another delimiter') }}
        {%- endif -%}
    {%- endif -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error(label ~ ': missing required column' ~ ('s ' if missing | length > 1 else ' ') ~ missing | join(', ')) }}
    {%- endif -%}
    {%- set absent = [] -%}
    {%- for column in node.columns.values() if column.name | lower not in present -%}
        {%- do absent.append("'" ~ column.name ~ "'") -%}
    {%- endfor -%}
    {#- A CSV line with more fields than the header: DuckDB (null_padding) names the extra field
        column<N>; the line's declared fields are read as usual, the extra one is not. -#}
    {%- set declared_names = node.columns.values() | map(attribute='name') | map('lower') | list -%}
    {%- set extra_fields = [] -%}
    {%- for name in present if modules.re.match('^column[0-9]+$', name) and name not in declared_names -%}
        {%- do extra_fields.append(name) -%}
    {%- endfor -%}
    {%- if extra_fields and warn_absent and (relation | string).startswith('read_csv') -%}
        {%- set lines = run_query('select count(*) from ' ~ relation ~ ' where ' ~ extra_fields | map('string') | join(' is not null or ') ~ ' is not null').columns[0].values()[0] -%}
        {%- do exceptions.warn(label ~ ': ' ~ lines ~ ' line' ~ ('s have' if lines != 1 else ' has') ~ ' more fields than the header (malformed CSV: an unquoted delimiter?); the extra field' ~ ('s are' if extra_fields | length > 1 else ' is') ~ ' ignored') -%}
    {%- endif -%}
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
        before DuckDB answers with an error about the generated SQL. A missing file says what
        is there instead: no raw directory at all, an unsupported format, or the same table in
        another format (MICROSEG_RAW_FORMAT). -#}
    {%- set text = relation | string -%}
    {%- if not modules.re.match('^read_[a-z_]+[(]', text) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set path = microseg.raw_location(relation) -%}
    {%- set quoted = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- if run_query("select count(*) from glob(" ~ quoted ~ ")").columns[0].values()[0] == 0 -%}
        {%- set parts = path.rsplit('/', 2) -%}
        {%- set root, stem, ext = parts[0], parts[2].rsplit('.', 1)[0], parts[2].rsplit('.', 1)[-1] -%}
        {%- if ext not in ('parquet', 'csv') -%}
            {{ return("file not found: raw format '" ~ ext ~ "' is not supported (MICROSEG_RAW_FORMAT or var microseg__raw_format: parquet or csv)") }}
        {%- endif -%}
        {%- set root_files = run_query("select count(*) from glob(" ~ ("'" ~ root | replace("'", "''") ~ "/*/*'") ~ ")").columns[0].values()[0] -%}
        {%- if root_files == 0 -%}
            {{ return("file not found: the raw directory " ~ root ~ " does not exist or is empty (MICROSEG_RAW_DIR or var microseg__raw_dir)") }}
        {%- endif -%}
        {%- set others = run_query("select file from glob(" ~ ("'" ~ (root ~ '/' ~ parts[1] ~ '/' ~ stem) | replace("'", "''") ~ ".*'") ~ ") order by file").columns[0].values() | list -%}
        {%- if others -%}
            {{ return("file not found; found " ~ others | join(', ') ~ " (set MICROSEG_RAW_FORMAT to its format)") }}
        {%- endif -%}
        {{ return('file not found') }}
    {%- endif -%}
    {%- set found = run_query("select coalesce(min(size), 0) as smallest from read_blob(" ~ quoted ~ ")") -%}
    {%- if found.columns[0].values()[0] == 0 -%}
        {{ return('file is empty (0 bytes)') }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
