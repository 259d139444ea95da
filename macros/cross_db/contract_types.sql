{#- Model contracts declare column types from one shared vocabulary (string, integer, bigint,
    double, decimal(18,2), boolean, date, timestamp). dbt passes a declared type to the engine
    almost verbatim (it only renames `string` to TEXT), which breaks two engines:
    - PostgreSQL has no `double` (it is `double precision`) and no `string`;
    - Spark has no TEXT (it is `string`).
    `contract_type` spells a vocabulary type the engine's way. dbt's `cast` (which builds the
    contract's empty schema query) is overridden for PostgreSQL and Spark to use it, and so is
    PostgreSQL's column list of the CREATE TABLE of a contracted model. -#}

{% macro contract_type(data_type) -%}
    {{ return(adapter.dispatch('contract_type', 'microseg')(data_type)) }}
{%- endmacro %}

{% macro default__contract_type(data_type) -%}
    {{ return(data_type) }}
{%- endmacro %}

{% macro postgres__contract_type(data_type) -%}
    {%- set spelled = {'double': 'double precision', 'string': 'text'} -%}
    {{ return(spelled.get(data_type | string | trim | lower, data_type)) }}
{%- endmacro %}

{% macro spark__contract_type(data_type) -%}
    {%- set spelled = {'text': 'string', 'varchar': 'string', 'character varying': 'string'} -%}
    {{ return(spelled.get(data_type | string | trim | lower, data_type)) }}
{%- endmacro %}


{#- dbt's cast (dispatched in the `dbt` namespace; the root project's version wins). -#}
{% macro postgres__cast(field, type) -%}
    cast({{ field }} as {{ microseg.contract_type(type) }})
{%- endmacro %}

{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ microseg.contract_type(type) }})
{%- endmacro %}


{% macro postgres__get_table_columns_and_constraints() -%}
    {#- dbt's table_columns_and_constraints(), with each declared type spelled for PostgreSQL. -#}
    {%- set columns = {} -%}
    {%- for name, column in model['columns'].items() -%}
        {%- set spelled = {} -%}
        {%- do spelled.update(column) -%}
        {%- if column.get('data_type') -%}
            {%- do spelled.update({'data_type': microseg.contract_type(column['data_type'])}) -%}
        {%- endif -%}
        {%- do columns.update({name: spelled}) -%}
    {%- endfor -%}
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=columns) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for c in raw_column_constraints -%}
        {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
