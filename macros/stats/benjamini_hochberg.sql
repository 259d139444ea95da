{#- Benjamini-Hochberg false-discovery-rate adjustment (q-values), as statsmodels'
    multipletests(method='fdr_bh'): within each partition, with the m non-NULL p-values sorted
    p_(1) <= ... <= p_(m),

        q_(i) = min(1, min over j >= i of m * p_(j) / j)

    Tied p-values get the same q-value; NULL p-values get a NULL q-value and do not count in m.

    The running minimum over a window of a window value needs two steps (window functions cannot
    nest), so this is two macros used in two consecutive CTEs, with the same partition:

        with_bh_step as (
            select
                *,
                {{ microseg.bh_step_up_p_value('p_value', ['period_start', 'metric_name']) }} as bh_step_up_p_value
            from compared
        ),

        with_q_value as (
            select
                *,
                {{ microseg.bh_q_value('p_value', ['period_start', 'metric_name']) }} as q_value
            from with_bh_step
        )

    partition_by: a column name, a list of column names, or none (one family: all rows).
    Step 1 is m * p / rank, rank = number of non-NULL p-values <= this one (for ties, the highest
    rank of the tie, which is where the running minimum of the tie group is reached). -#}

{% macro bh_step_up_p_value(p_value, partition_by=none) -%}
    {%- set p = microseg.stats_double(p_value) -%}
    {%- set part = microseg.stats_partition_clause(partition_by) -%}
    (case
        when ({{ p_value }}) is not null
            then {{ p }} / (
                cast(count({{ p_value }}) over ({{ part }} order by {{ p }} asc nulls last
                    range between unbounded preceding and current row) as {{ microseg.type_double() | trim }})
                / count({{ p_value }}) over ({{ part }})
            )
    end)
{%- endmacro %}

{#- Step 2: the q-value, the running minimum of step 1 from the largest p-value down, capped at 1.
    step_up_p_value names the column that holds step 1 (default: bh_step_up_p_value). -#}
{% macro bh_q_value(p_value, partition_by=none, step_up_p_value='bh_step_up_p_value') -%}
    {%- set p = microseg.stats_double(p_value) -%}
    {%- set part = microseg.stats_partition_clause(partition_by) -%}
    (case
        when ({{ p_value }}) is not null
            then least(1.0e0, min({{ step_up_p_value }}) over ({{ part }} order by {{ p }} desc nulls last
                range between unbounded preceding and current row))
    end)
{%- endmacro %}
