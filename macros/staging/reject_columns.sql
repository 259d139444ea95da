{#- Why a raw row cannot be staged. Renders two columns, `reject_reason` (NULL for a usable row)
    and `rejected_field` (the column at fault), from three lists; the first rule that matches
    wins, in this order:
    - required: columns that must have a usable value. 'missing <column>' when the raw text is
      NULL or blank, else 'invalid <column>' when the typed/normalised value is NULL (the safe
      cast or the normalisation failed);
    - typed: optional columns that must cast when present: 'invalid <column>' when the raw text
      is not blank but the typed value is NULL;
    - rules: (condition, reason, column) tuples for everything else (impossible values, unknown
      codes), conditions written against the typed columns.
    Expects the raw text in raw_<column> beside the typed <column> (see select_source). -#}

{% macro reject_columns(required=[], typed=[], rules=[]) -%}
    {%- set checks = [] -%}
    {%- for column in required -%}
        {%- do checks.append((microseg.is_blank('raw_' ~ column), 'missing ' ~ column, column)) -%}
        {%- do checks.append((column ~ ' is null', 'invalid ' ~ column, column)) -%}
    {%- endfor -%}
    {%- for column in typed -%}
        {%- do checks.append(('not ' ~ microseg.is_blank('raw_' ~ column) ~ ' and ' ~ column ~ ' is null', 'invalid ' ~ column, column)) -%}
    {%- endfor -%}
    {%- do checks.extend(rules) -%}
    {%- set field_of = {} -%}
    {%- for condition, reason, column in checks -%}
        {%- if field_of.get(reason, column) != column -%}
            {{ exceptions.raise_compiler_error("reject_columns: reason '" ~ reason ~ "' names two columns") }}
        {%- endif -%}
        {%- do field_of.update({reason: column}) -%}
    {%- endfor -%}
    {%- set reason_case -%}
        case
        {%- for condition, reason, column in checks %}
            when {{ condition }} then '{{ reason }}'
        {%- endfor %}
        end
    {%- endset -%}
    {{ reason_case }} as reject_reason,
        {#- The field of the first matching check: the same conditions in a searched CASE. (A
            simple CASE over the reason CASE, `case <reason case> when 'reason' ...`, is expanded
            by DuckDB into one copy of the reason CASE per WHEN: measured 15x slower.) -#}
        case
        {%- for condition, reason, column in checks %}
            when {{ condition }} then '{{ column }}'
        {%- endfor %}
        end as rejected_field
{%- endmacro %}

{% macro is_blank(expr) -%}
    coalesce(trim({{ expr }}), '') = ''
{%- endmacro %}

{% macro not_in(expr, values) -%}
    {#- Rule condition: a value is present but not one of `values` (a list of strings). -#}
    {{ expr }} is not null and {{ expr }} not in ('{{ values | join("', '") }}')
{%- endmacro %}
