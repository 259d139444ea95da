-- On every evaluation date exactly the top microseg__tier_1_accounts accounts are tier_1 and the
-- next microseg__tier_2_accounts tier_2 (fewer only when there are fewer accounts), and a
-- tier_1 account never scores below a tier_2 one, nor a tier_2 below a tier_3 one.

{%- set tier_1_accounts = var('microseg__tier_1_accounts') | int %}
{%- set tier_2_accounts = var('microseg__tier_2_accounts') | int %}

with

history as (

    select
        evaluation_date,
        tier,
        account_value_score
    from {{ ref('int_accounts__context_history') }}

),

per_date as (

    select
        evaluation_date,
        count(*) as accounts,
        sum(case when tier = 'tier_1' then 1 else 0 end) as tier_1_count,
        sum(case when tier = 'tier_2' then 1 else 0 end) as tier_2_count,
        min(case when tier = 'tier_1' then account_value_score end) as tier_1_min_score,
        max(case when tier = 'tier_2' then account_value_score end) as tier_2_max_score,
        min(case when tier = 'tier_2' then account_value_score end) as tier_2_min_score,
        max(case when tier = 'tier_3' then account_value_score end) as tier_3_max_score
    from history
    group by 1

),

final as (

    select *
    from per_date
    where tier_1_count <> case when accounts < {{ tier_1_accounts }} then accounts else {{ tier_1_accounts }} end
        or tier_2_count <> case
            when accounts - tier_1_count < {{ tier_2_accounts }} then accounts - tier_1_count
            else {{ tier_2_accounts }}
        end
        or tier_1_min_score < tier_2_max_score
        or tier_2_min_score < tier_3_max_score

)

select * from final
