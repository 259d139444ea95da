-- One row per micro-segment (every definition in dim_segments, including segments that never had
-- members): the all-time reading of its funnel against its macro baseline — rates, lifts,
-- shrunk lifts and per-metric verdicts from fct_segment_lift — the segment's overall verdict, its
-- verdict against its holdout, and a diagnosis code with a recommendation for RevOps.

{%- set min_trials = var('microseg__min_trials') | int %}
{%- set high = var('microseg__review_high_lift') %}
{%- set low = var('microseg__review_low_lift') %}
{%- set fdr_alpha = var('microseg__fdr_alpha') %}
{%- set text = dbt.type_string() %}
{%- set double = microseg.type_double() | trim %}
{%- set metrics = ['reply_rate', 'positive_reply_rate', 'meeting_rate', 'opportunity_rate', 'win_rate'] %}

with

segments as (

    select
        segment_id,
        segment_name,
        macro_segment_ids,
        priority,
        primary_holdout_count as current_holdout_accounts,
        primary_count - primary_holdout_count as current_played_accounts
    from {{ ref('dim_segments') }}
    where segment_kind = 'micro_segment'

),

funnel as (

    select
        segment_id,
        sum(accounts_in_segment) as accounts_in_segment,
        sum(accounts_contacted) as accounts_contacted
    from {{ ref('fct_segment_funnel') }}
    where group_type = 'micro_segment'
        and period_type = 'all_time'
    group by segment_id

),

lift as (

    select * from {{ ref('fct_segment_lift') }}
    where period_type = 'all_time'

),

baseline_metrics as (

    select
        segment_id,
        {%- for metric in metrics %}
            max(case when metric_name = '{{ metric }}' then segment_rate end) as {{ metric }},
            max(case when metric_name = '{{ metric }}' then baseline_rate end) as baseline_{{ metric }},
            max(case when metric_name = '{{ metric }}' then lift_ratio end) as {{ metric }}_lift,
            max(case when metric_name = '{{ metric }}' then shrunk_rate / nullif(baseline_rate, 0) end)
                as {{ metric }}_shrunk_lift,
            max(case when metric_name = '{{ metric }}' then verdict end) as {{ metric }}_verdict,
        {%- endfor %}
        max(case when metric_name = 'meeting_rate' then difference_ci_low end) as meeting_rate_difference_ci_low,
        max(case when metric_name = 'meeting_rate' then difference_ci_high end) as meeting_rate_difference_ci_high,
        max(case when metric_name = 'meeting_rate' then q_value end) as meeting_rate_q_value,
        max(case when metric_name = 'win_rate' then segment_trials end) as opportunities_closed
    from lift
    where comparison = 'macro_baseline'
    group by segment_id

),

holdout_metrics as (

    select
        segment_id,
        max(case when metric_name = 'meeting_rate' then verdict end) as meeting_verdict,
        max(case when metric_name = 'win_rate' then verdict end) as win_verdict
    from lift
    where comparison = 'holdout'
    group by segment_id

),

joined as (

    select
        segments.*,
        coalesce(funnel.accounts_in_segment, 0) as accounts_in_segment,
        coalesce(funnel.accounts_contacted, 0) as accounts_contacted,
        {%- for metric in metrics %}
            baseline_metrics.{{ metric }},
            baseline_metrics.baseline_{{ metric }},
            baseline_metrics.{{ metric }}_lift,
            baseline_metrics.{{ metric }}_shrunk_lift,
            -- A segment with no lift rows (no members in any period yet) has no evidence either way.
            coalesce(baseline_metrics.{{ metric }}_verdict, 'insufficient_evidence') as {{ metric }}_verdict,
        {%- endfor %}
        baseline_metrics.meeting_rate_difference_ci_low,
        baseline_metrics.meeting_rate_difference_ci_high,
        baseline_metrics.meeting_rate_q_value,
        coalesce(baseline_metrics.opportunities_closed, 0) as opportunities_closed,
        holdout_metrics.meeting_verdict as holdout_meeting_verdict,
        holdout_metrics.win_verdict as holdout_win_verdict
    from segments
    left join funnel
        on segments.segment_id = funnel.segment_id
    left join baseline_metrics
        on segments.segment_id = baseline_metrics.segment_id
    left join holdout_metrics
        on segments.segment_id = holdout_metrics.segment_id

),

verdicts as (

    -- The segment's verdict combines its two value metrics (meeting rate, win rate): worth_it if
    -- either is worth_it, else worse if either is worse; no_lift when the meeting rate shows no
    -- lift and the win rate shows none either or cannot tell (closed opportunities are rarely
    -- numerous enough in a micro-segment); otherwise insufficient_evidence. The holdout verdict
    -- applies the same rule to the holdout rows.
    select
        *,
        case
            when meeting_rate_verdict = 'worth_it' or win_rate_verdict = 'worth_it' then 'worth_it'
            when meeting_rate_verdict = 'worse' or win_rate_verdict = 'worse' then 'worse'
            when
                meeting_rate_verdict = 'no_lift'
                and coalesce(win_rate_verdict, 'insufficient_evidence') in ('no_lift', 'insufficient_evidence')
                then 'no_lift'
            else 'insufficient_evidence'
        end as segment_verdict,
        case
            when holdout_meeting_verdict is null and holdout_win_verdict is null then 'no_holdout'
            when holdout_meeting_verdict = 'worth_it' or holdout_win_verdict = 'worth_it' then 'worth_it'
            when holdout_meeting_verdict = 'worse' or holdout_win_verdict = 'worse' then 'worse'
            when
                holdout_meeting_verdict = 'no_lift'
                and coalesce(holdout_win_verdict, 'insufficient_evidence') in ('no_lift', 'insufficient_evidence')
                then 'no_lift'
            else 'insufficient_evidence'
        end as holdout_verdict
    from joined

),

diagnosed as (

    -- First matching pattern wins. Lifts here are shrunk lifts (the empirical-Bayes rate over the
    -- baseline rate), so a handful of accounts cannot produce an extreme reading.
    select
        verdicts.*,
        case
            when verdicts.accounts_in_segment = 0 then 'no_members'
            when verdicts.accounts_contacted = 0 then 'not_contacted'
            when verdicts.accounts_contacted < {{ min_trials }} then 'too_small_to_judge'
            when verdicts.segment_verdict = 'worth_it' then 'scale_up'
            when verdicts.segment_verdict = 'worse' then 'underperforming'
            when verdicts.reply_rate_shrunk_lift >= {{ high }} and verdicts.win_rate_shrunk_lift <= {{ low }}
                then 'targeting_off'
            when verdicts.reply_rate_shrunk_lift <= {{ low }} and verdicts.win_rate_shrunk_lift >= {{ high }}
                then 'messaging_needs_work'
            when verdicts.reply_rate_shrunk_lift >= {{ high }} and verdicts.meeting_rate_shrunk_lift < 1
                then 'replies_not_converting'
            when verdicts.meeting_rate_shrunk_lift >= {{ high }} and verdicts.opportunity_rate_shrunk_lift < 1
                then 'meetings_not_converting'
            when verdicts.meeting_rate_difference_ci_low > 0 and verdicts.meeting_rate_q_value <= {{ fdr_alpha }}
                then 'lift_below_cost'
            when verdicts.segment_verdict = 'no_lift' then 'no_difference'
            else 'inconclusive'
        end as diagnosis
    from verdicts

),

final as (

    select
        cast(segment_id as {{ text }}) as segment_id,
        cast(segment_name as {{ text }}) as segment_name,
        cast(macro_segment_ids as {{ text }}) as macro_segment_ids,
        cast(priority as integer) as priority,
        cast(current_played_accounts as bigint) as current_played_accounts,
        cast(current_holdout_accounts as bigint) as current_holdout_accounts,
        cast(accounts_in_segment as bigint) as accounts_in_segment,
        cast(accounts_contacted as bigint) as accounts_contacted,
        cast(opportunities_closed as bigint) as opportunities_closed,
        {%- for metric in metrics %}
            cast({{ metric }} as {{ double }}) as {{ metric }},
            cast(baseline_{{ metric }} as {{ double }}) as baseline_{{ metric }},
            cast({{ metric }}_lift as {{ double }}) as {{ metric }}_lift,
            cast({{ metric }}_shrunk_lift as {{ double }}) as {{ metric }}_shrunk_lift,
            cast({{ metric }}_verdict as {{ text }}) as {{ metric }}_verdict,
        {%- endfor %}
        cast(meeting_rate_difference_ci_low as {{ double }}) as meeting_rate_difference_ci_low,
        cast(meeting_rate_difference_ci_high as {{ double }}) as meeting_rate_difference_ci_high,
        cast(meeting_rate_q_value as {{ double }}) as meeting_rate_q_value,
        cast(segment_verdict as {{ text }}) as segment_verdict,
        cast(holdout_verdict as {{ text }}) as holdout_verdict,
        cast(diagnosis as {{ text }}) as diagnosis,
        cast(
            case diagnosis
                {%- for code, sentence in microseg.funnel_recommendations().items() %}
                    when '{{ code }}' then '{{ sentence | replace("'", "''") }}'
                {%- endfor %}
            end as {{ text }}
        ) as recommendation,
        {{ microseg.as_of_date() }} as as_of_date
    from diagnosed

)

select * from final
