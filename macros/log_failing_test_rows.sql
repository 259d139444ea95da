{#- on-run-end: for each data test of this run that failed or warned, its first rows in the log,
    so the message says which table, key or segment and why instead of only "Got N results":

        microseg: warn_reject_rate (warn, 1 row); first rows:
          source_name=crm | table_name=accounts | raw_rows=924 | rejected_rows=924 | ...

    The test's own query is run again with a limit, only for tests that did not pass (a failing
    test costs one more query; a passing run costs nothing). Unit tests are left out: dbt prints
    their diff itself. max_rows, max_chars: how much of each test to show. -#}

{% macro log_failing_test_rows(results, max_rows=5, max_chars=160) -%}
    {%- if execute -%}
        {%- for result in results
            if result.node.resource_type == 'test' and result.status in ('fail', 'warn')
            and result.node.compiled_code -%}
            {%- set rows = run_query(
                'select * from (' ~ result.node.compiled_code ~ ') as failing_rows limit ' ~ max_rows
            ) -%}
            {%- set failures = result.failures if result.failures is not none else rows.rows | length -%}
            {%- do log('microseg: ' ~ result.node.name ~ ' (' ~ result.status ~ ', ' ~ failures
                ~ (' row' if failures == 1 else ' rows') ~ '); first rows:', info=true) -%}
            {%- for row in rows.rows -%}
                {%- set fields = [] -%}
                {%- for name in rows.column_names -%}
                    {%- set value = row[loop.index0] | string -%}
                    {%- do fields.append(name ~ '=' ~ (value[:max_chars] ~ '...' if value | length > max_chars else value)) -%}
                {%- endfor -%}
                {%- do log('  ' ~ fields | join(' | '), info=true) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
