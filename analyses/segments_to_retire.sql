-- Worked example: which micro-segments should we retire (or merge, or re-check)?
--
-- One row per micro-segment with the evidence for a decision, read from the marts:
--   * size today (dim_segments.size_status) and how many of its qualifying accounts it actually
--     gets (the rest are routed to higher-priority segments: shadowed);
--   * what the funnel says (rpt_segment_review: the verdicts on meeting rate and win rate against
--     the macro baseline and the holdout, and the diagnosis);
--   * whether it relies on stale signals (dim_segments.staleness_status).
-- recommendation: retire (empty, fully shadowed, or proven no better than its baseline on both
-- value metrics), merge_or_widen (too small to ever reach evidence), recheck (too large or stale:
-- the definition is probably too loose or out of date), keep.

with

segments as (

    select * from {{ ref('dim_segments') }}
    where segment_kind = 'micro_segment'

),

review as (

    select * from {{ ref('rpt_segment_review') }}

),

joined as (

    select
        segments.segment_id,
        segments.segment_name,
        segments.priority,
        segments.member_count,
        segments.primary_count,
        segments.size_status,
        segments.staleness_status,
        review.accounts_contacted,
        review.meeting_rate_verdict,
        review.win_rate_verdict,
        review.segment_verdict,
        review.holdout_verdict,
        review.diagnosis,
        segments.member_count - segments.primary_count as shadowed_accounts,
        segments.member_count = 0 as is_empty,
        segments.member_count > 0 and segments.primary_count = 0 as is_fully_shadowed,
        coalesce(review.meeting_rate_verdict in ('no_lift', 'worse'), false)
        and coalesce(review.win_rate_verdict in ('no_lift', 'worse'), false) as is_proven_no_better,
        segments.size_status = 'too_small'
        and coalesce(review.segment_verdict, 'insufficient_evidence') = 'insufficient_evidence' as is_small_unproven
    from segments
    left join review
        on segments.segment_id = review.segment_id

),

final as (

    select
        segment_id,
        segment_name,
        priority,
        member_count,
        primary_count,
        shadowed_accounts,
        size_status,
        staleness_status,
        accounts_contacted,
        meeting_rate_verdict,
        win_rate_verdict,
        segment_verdict,
        holdout_verdict,
        diagnosis,
        case
            when is_empty or is_fully_shadowed or is_proven_no_better then 'retire'
            when is_small_unproven then 'merge_or_widen'
            when size_status = 'too_large' or staleness_status in ('stale', 'partially_stale') then 'recheck'
            else 'keep'
        end as recommendation,
        case
            when is_empty then 'no account qualifies today'
            when is_fully_shadowed then 'every qualifying account is routed to a higher-priority segment'
            when is_proven_no_better then 'meeting and win rates proven no better than the macro baseline'
            when is_small_unproven then 'below the minimum size and no verdict: it cannot gather evidence on its own'
            when size_status = 'too_large' then 'above the maximum size: the definition is too loose for a custom play'
            when staleness_status in ('stale', 'partially_stale')
                then 'members rely on signals older than the refresh class allows'
            else 'within bounds, fresh, not proven worse'
        end as reason
    from joined

)

select * from final
order by
    case recommendation when 'retire' then 1 when 'merge_or_widen' then 2 when 'recheck' then 3 else 4 end,
    segment_name
