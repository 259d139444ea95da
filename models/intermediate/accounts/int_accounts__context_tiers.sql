{{ config(materialized='table') }}
-- One row per evaluation date per account in tier_1 or tier_2 (the top microseg__tier_1_accounts
-- and the next microseg__tier_2_accounts accounts of the date by account value score, ties by
-- account_id); every other account is tier_3. Only accounts that can be in the top N are
-- ranked: accounts are counted per date per 0.1-point score bucket, and the highest bucket at
-- which the running count from the top reaches N bounds the candidates.
-- Materialized as a table: a few rows per date, joined by the context history.

{%- set tier_1_accounts = var('microseg__tier_1_accounts') | int %}
{%- set tier_2_accounts = var('microseg__tier_2_accounts') | int %}
{%- set ranked_accounts = tier_1_accounts + tier_2_accounts %}

with

scores as (

    select
        context_key,
        account_index,
        evaluation_date,
        account_value_score,
        cast(floor(account_value_score * 10) as integer) as score_bucket
    from {{ ref('int_accounts__context_base') }}

),

score_buckets as (

    select
        evaluation_date,
        score_bucket,
        count(*) as bucket_accounts
    from scores
    group by 1, 2

),

bucket_running_counts as (

    select
        evaluation_date,
        score_bucket,
        sum(bucket_accounts) over (
            partition by evaluation_date
            order by score_bucket desc
            rows between unbounded preceding and current row
        ) as accounts_at_or_above
    from score_buckets

),

cutoffs as (

    select
        evaluation_date,
        max(score_bucket) as cutoff_bucket
    from bucket_running_counts
    where accounts_at_or_above >= {{ ranked_accounts }}
    group by 1

),

candidates as (

    select
        scores.context_key,
        scores.account_index,
        scores.evaluation_date,
        scores.account_value_score
    from scores
    left join cutoffs
        on scores.evaluation_date = cutoffs.evaluation_date
    where scores.score_bucket >= coalesce(cutoffs.cutoff_bucket, -1)

),

named_candidates as (

    select
        candidates.context_key,
        candidates.evaluation_date,
        candidates.account_value_score,
        resolved.account_id
    from candidates
    inner join {{ ref('int_accounts__resolved') }} as resolved
        on candidates.account_index = resolved.account_index

),

ranked as (

    select
        context_key,
        evaluation_date,
        account_id,
        account_value_score,
        row_number() over (
            partition by evaluation_date
            order by account_value_score desc, account_id asc
        ) as account_value_rank
    from named_candidates

),

final as (

    select
        context_key,
        evaluation_date,
        account_id,
        account_value_score,
        cast(account_value_rank as integer) as account_value_rank,
        case when account_value_rank <= {{ tier_1_accounts }} then 'tier_1' else 'tier_2' end as tier
    from ranked
    where account_value_rank <= {{ ranked_accounts }}

)

select * from final
