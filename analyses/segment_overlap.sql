-- Worked example: which micro-segments share accounts today, and who wins the shared accounts?
--
-- fct_segment_membership has one row per account per micro-segment it qualifies for (the
-- overlap view); exactly one of an account's rows is primary (routing, by priority). A self-join
-- on account_id gives every pair of segments sharing an account; counting where each shared
-- account is routed shows whether a pair is a real conflict (both segments win some) or one
-- segment is a subset of a higher-priority one (candidate to merge or retire).
-- Compile: dbt compile --select path:analyses ; run the SQL in target/compiled/.../analyses/.

with

memberships as (

    select
        account_id,
        segment_id,
        is_primary,
        is_holdout
    from {{ ref('fct_segment_membership') }}

),

segments as (

    select
        segment_id,
        segment_name,
        priority,
        member_count
    from {{ ref('dim_segments') }}
    where segment_kind = 'micro_segment'

),

pairs as (

    select
        memberships_a.segment_id as segment_id_a,
        memberships_b.segment_id as segment_id_b,
        memberships_a.account_id,
        memberships_a.is_primary as is_routed_to_a,
        memberships_b.is_primary as is_routed_to_b,
        memberships_a.is_holdout
    from memberships as memberships_a
    inner join memberships as memberships_b
        on
            memberships_a.account_id = memberships_b.account_id
            and memberships_a.segment_id < memberships_b.segment_id

),

pair_counts as (

    select
        segment_id_a,
        segment_id_b,
        count(*) as shared_accounts,
        sum(case when is_routed_to_a then 1 else 0 end) as routed_to_a,
        sum(case when is_routed_to_b then 1 else 0 end) as routed_to_b,
        sum(case when not is_routed_to_a and not is_routed_to_b then 1 else 0 end) as routed_elsewhere,
        sum(case when is_holdout then 1 else 0 end) as held_out
    from pairs
    group by segment_id_a, segment_id_b

),

final as (

    select
        pair_counts.segment_id_a,
        segments_a.segment_name as segment_name_a,
        segments_a.priority as priority_a,
        segments_a.member_count as member_count_a,
        pair_counts.segment_id_b,
        segments_b.segment_name as segment_name_b,
        segments_b.priority as priority_b,
        segments_b.member_count as member_count_b,
        pair_counts.shared_accounts,
        pair_counts.routed_to_a,
        pair_counts.routed_to_b,
        pair_counts.routed_elsewhere,
        pair_counts.held_out,
        cast(pair_counts.shared_accounts as {{ microseg.type_double() }})
        / least(segments_a.member_count, segments_b.member_count) as share_of_smaller_segment,
        case
            when pair_counts.routed_to_a >= pair_counts.routed_to_b then segments_a.segment_name
            else segments_b.segment_name
        end as routing_winner,
        case
            when
                pair_counts.shared_accounts = least(segments_a.member_count, segments_b.member_count)
                then 'subset: the smaller segment has no account of its own'
            when pair_counts.routed_elsewhere = pair_counts.shared_accounts
                then 'both lose: a third, higher-priority segment takes the shared accounts'
            else 'partial overlap: priority routes the shared accounts to one of them'
        end as reading
    from pair_counts
    inner join segments as segments_a
        on pair_counts.segment_id_a = segments_a.segment_id
    inner join segments as segments_b
        on pair_counts.segment_id_b = segments_b.segment_id

)

select * from final
order by share_of_smaller_segment desc, shared_accounts desc
