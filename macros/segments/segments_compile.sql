{#- Compile validated segment definitions (segments_load) into SQL. Names come only from the
    allow-lists in segments_schema.sql; values only through segments_literal, which renders a
    typed, escaped literal. -#}

{#- A text literal, escaped for the engine (Spark reads backslash escapes, the others double
    the quote). Validation already rejects backslashes and control characters. -#}
{% macro segments_string_literal(value) %}
    {{ return(adapter.dispatch('segments_string_literal', 'microseg')(value)) }}
{% endmacro %}

{% macro default__segments_string_literal(value) %}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{% endmacro %}

{% macro spark__segments_string_literal(value) %}
    {{ return("'" ~ (value | string | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'") }}
{% endmacro %}


{% macro segments_literal(value, value_type) %}
    {%- if value_type == 'string' -%}
        {{ return(microseg.segments_string_literal(value)) }}
    {%- elif value_type == 'integer' -%}
        {{ return(value | int | string) }}
    {%- elif value_type == 'double' -%}
        {{ return('cast(' ~ ('%.17g' | format(value | float)) ~ ' as ' ~ (microseg.type_double() | trim) ~ ')') }}
    {%- elif value_type == 'boolean' -%}
        {{ return('true' if value else 'false') }}
    {%- elif value_type == 'date' -%}
        {{ return(microseg.date_literal(value) | trim) }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('segments_literal: unknown type ' ~ value_type) }}
{% endmacro %}


{% macro segments_literal_list(values, value_type) %}
    {%- set rendered = [] -%}
    {%- for value in values -%}
        {%- do rendered.append(microseg.segments_literal(value, value_type)) -%}
    {%- endfor -%}
    {{ return('(' ~ rendered | join(', ') ~ ')') }}
{% endmacro %}


{#- Comparison of `column` with a leaf's operator and value (may be null when column is null;
    callers wrap it in coalesce(..., false)). -#}
{% macro segments_comparison_sql(column, leaf, evaluation_date) %}
    {%- set op = leaf.operator -%}
    {%- set value_type = leaf.value_type -%}
    {%- set symbols = {'equals': '=', 'not_equals': '<>', 'at_least': '>=', 'at_most': '<=', 'greater_than': '>', 'less_than': '<'} -%}
    {%- if op in symbols -%}
        {{ return(column ~ ' ' ~ symbols[op] ~ ' ' ~ microseg.segments_literal(leaf.value, value_type)) }}
    {%- elif op == 'in' -%}
        {{ return(column ~ ' in ' ~ microseg.segments_literal_list(leaf.value, value_type)) }}
    {%- elif op == 'not_in' -%}
        {{ return(column ~ ' not in ' ~ microseg.segments_literal_list(leaf.value, value_type)) }}
    {%- elif op == 'between' -%}
        {{ return('(' ~ column ~ ' >= ' ~ microseg.segments_literal(leaf.value[0], value_type) ~ ' and ' ~ column ~ ' <= ' ~ microseg.segments_literal(leaf.value[1], value_type) ~ ')') }}
    {%- elif op == 'within_days' -%}
        {%- set age = dbt.datediff(column, evaluation_date, 'day') | trim -%}
        {{ return('(' ~ age ~ ' >= 0 and ' ~ age ~ ' < ' ~ leaf.value ~ ')') }}
    {%- elif op == 'is_null' -%}
        {{ return(column ~ ' is null') }}
    {%- elif op == 'is_not_null' -%}
        {{ return(column ~ ' is not null') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error('segments_comparison_sql: unsupported operator ' ~ op) }}
{% endmacro %}


{#- Whether trigger row `triggers` matches a trigger leaf as of `context`.evaluation_date:
    within_days N: 0 <= evaluation_date - trigger_date < N; is_active: trigger_date <=
    evaluation_date < expires_date (the trigger's own window). -#}
{% macro segments_trigger_match_sql(leaf, triggers='triggers', context='context') %}
    {%- set parts = [triggers ~ '.trigger_type = ' ~ microseg.segments_string_literal(leaf.name)] -%}
    {%- if leaf.subtypes is not none -%}
        {%- do parts.append(triggers ~ '.trigger_subtype in ' ~ microseg.segments_literal_list(leaf.subtypes, 'string')) -%}
    {%- endif -%}
    {%- if leaf.seniorities is not none -%}
        {%- do parts.append(triggers ~ '.seniority in ' ~ microseg.segments_literal_list(leaf.seniorities, 'string')) -%}
    {%- endif -%}
    {%- do parts.append(triggers ~ '.trigger_date <= ' ~ context ~ '.evaluation_date') -%}
    {%- if leaf.operator == 'within_days' -%}
        {%- do parts.append((dbt.datediff(triggers ~ '.trigger_date', context ~ '.evaluation_date', 'day') | trim) ~ ' < ' ~ leaf.value) -%}
    {%- else -%}
        {%- do parts.append(triggers ~ '.expires_date > ' ~ context ~ '.evaluation_date') -%}
    {%- endif -%}
    {{ return(parts | join(' and ')) }}
{% endmacro %}


{#- Whether technology row `technologies` matches a technology leaf. -#}
{% macro segments_technology_match_sql(leaf, technologies='technologies') %}
    {{ return(microseg.segments_comparison_sql(technologies ~ '.' ~ leaf.name, leaf, none)) }}
{% endmacro %}


{#- Days a trigger join must look back: the longest within_days of any trigger leaf, or the
    trigger window of an is_active leaf's type. -#}
{% macro segments_trigger_lookback_days(segments) %}
    {%- set days = [1] -%}
    {%- for segment in segments -%}
        {%- for leaf in segment.leaves if leaf.kind == 'trigger' -%}
            {%- if leaf.operator == 'within_days' -%}
                {%- do days.append(leaf.value) -%}
            {%- else -%}
                {%- do days.append(microseg.trigger_window_days(leaf.name)) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(days | max) }}
{% endmacro %}


{#- Boolean SQL of a condition tree over the leaf columns s<k>_l<i>_ok. -#}
{% macro segments_tree_sql(node, leaves, relation=none) %}
    {%- set prefix = (relation ~ '.') if relation else '' -%}
    {%- if node.op == 'leaf' -%}
        {{ return(prefix ~ leaves[node.leaf].column ~ '_ok') }}
    {%- elif node.op == 'not' -%}
        {{ return('not (' ~ microseg.segments_tree_sql(node.children[0], leaves, relation) ~ ')') }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for child in node.children -%}
        {%- do parts.append(microseg.segments_tree_sql(child, leaves, relation)) -%}
    {%- endfor -%}
    {{ return('(' ~ parts | join(' and ' if node.op == 'all' else ' or ') ~ ')') }}
{% endmacro %}


{#- Membership of a segment: its macro segment leaf and its condition tree. -#}
{% macro segments_membership_sql(segment, relation=none) %}
    {%- set prefix = (relation ~ '.') if relation else '' -%}
    {{ return('(' ~ prefix ~ segment.leaves[0].column ~ '_ok and ' ~ microseg.segments_tree_sql(segment.tree, segment.leaves, relation) ~ ')') }}
{% endmacro %}


{#- Evidence text of a membership: every leaf with the value observed for the account, e.g.
    "macro_segment_id in (mid_market_tech): mid_market_tech; uses technology with
    technology_name in (Outreach, Salesloft): Outreach; trigger new_executive_hire
    [sales_operations] within 90 days: 2026-09-12 (trigger tr_1)". -#}
{% macro segments_evidence_sql(segment, relation=none) %}
    {%- set prefix = (relation ~ '.') if relation else '' -%}
    {%- set parts = [] -%}
    {%- for leaf in segment.leaves -%}
        {%- if not loop.first -%}{%- do parts.append("'; '") -%}{%- endif -%}
        {%- do parts.append(microseg.segments_string_literal(leaf.label ~ ': ')) -%}
        {%- set value = microseg.segments_leaf_value_sql(leaf, relation) -%}
        {%- if leaf.kind == 'trigger' -%}
            {%- set observed = dbt.concat([value, "' (trigger '", prefix ~ leaf.column ~ '_key', "')'"]) -%}
            {%- do parts.append("coalesce(case when " ~ prefix ~ leaf.column ~ "_ok then " ~ observed ~ " end, 'none')") -%}
        {%- else -%}
            {%- do parts.append("coalesce(" ~ value ~ ", 'none')") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(dbt.concat(parts)) }}
{% endmacro %}


{#- The value a leaf observed, as text, from a row of int_segments__evaluations (`relation`):
    an attribute's value (segments_value_text_sql of the attribute column), a trigger's date,
    a technology's name. Computed where it is shown rather than stored per leaf. -#}
{% macro segments_leaf_value_sql(leaf, relation=none) %}
    {%- set prefix = (relation ~ '.') if relation else '' -%}
    {%- if leaf.kind == 'attribute' -%}
        {{ return(microseg.segments_value_text_sql(prefix ~ leaf.name, leaf.value_type)) }}
    {%- elif leaf.kind == 'trigger' -%}
        {{ return('cast(' ~ prefix ~ leaf.column ~ '_date as ' ~ dbt.type_string() ~ ')') }}
    {%- endif -%}
    {{ return(prefix ~ leaf.column ~ '_key') }}
{% endmacro %}


{#- All distinct context attributes the definitions read (besides the keys). -#}
{% macro segments_used_attributes(segments) %}
    {%- set names = [] -%}
    {%- for segment in segments -%}
        {%- for leaf in segment.leaves if leaf.kind == 'attribute' and leaf.name not in names and leaf.name not in ['account_id', 'evaluation_date', 'macro_segment_id'] -%}
            {%- do names.append(leaf.name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(names | sort) }}
{% endmacro %}


{% macro segments_leaves_of_kind(segments, kind) %}
    {%- set found = [] -%}
    {%- for segment in segments -%}
        {%- for leaf in segment.leaves if leaf.kind == kind -%}
            {%- do found.append(leaf) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(found) }}
{% endmacro %}


{#- An observed attribute value as text, identical on every engine: numbers with a fractional
    part go through decimal(18,4) ('0.3023', '-0.0750'), because engines print doubles
    differently ('1.0' / '1', shortest round-trip digits). -#}
{% macro segments_value_text_sql(expression, value_type) %}
    {%- if value_type == 'double' -%}
        {{ return('cast(cast(' ~ expression ~ ' as decimal(18, 4)) as ' ~ dbt.type_string() ~ ')') }}
    {%- endif -%}
    {{ return('cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')') }}
{% endmacro %}


{#- The earliest (pick 'least') or latest (pick 'greatest') date among the conditions of
    `segment` of the given kinds ('trigger', 'technology') that the row of `relation` meets: a
    met condition's <leaf column>_date, null when none is met. Null-safe on every engine (a
    sentinel stands in for unmet conditions, then is turned back into null). -#}
{% macro segments_met_date(segment, relation, kinds, pick) %}
    {%- set sentinel = microseg.date_literal('9999-12-31' if pick == 'least' else '0001-01-01') | trim -%}
    {%- set dates = [] -%}
    {%- for leaf in segment.leaves if leaf.kind in kinds -%}
        {%- set column = relation ~ '.' ~ leaf.column -%}
        {%- do dates.append('case when ' ~ column ~ '_ok then ' ~ column ~ '_date end') -%}
    {%- endfor -%}
    {%- if dates | length == 0 -%}
        {{ return('cast(null as date)') }}
    {%- elif dates | length == 1 -%}
        {{ return('cast(' ~ dates[0] ~ ' as date)') }}
    {%- endif -%}
    {%- set guarded = [] -%}
    {%- for expression in dates -%}
        {%- do guarded.append('coalesce(' ~ expression ~ ', ' ~ sentinel ~ ')') -%}
    {%- endfor -%}
    {{ return('cast(nullif(' ~ pick ~ '(' ~ guarded | join(', ') ~ '), ' ~ sentinel ~ ') as date)') }}
{% endmacro %}
