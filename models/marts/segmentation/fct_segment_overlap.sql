-- One row per pair of micro-segments (segment_id_a < segment_id_b, every pair, also those that
-- share no account) on the as-of date: how many accounts qualify for both, and that count as a
-- share of the smaller segment (overlap_share) and of their union (jaccard_index).
-- is_above_threshold flags overlap_share above var microseg__segment_max_overlap_share.

with

segments as (

    select
        segment_id,
        member_count
    from {{ ref('dim_segments') }}
    where segment_kind = 'micro_segment'

),

memberships as (

    select
        account_id,
        segment_id
    from {{ ref('fct_segment_membership') }}

),

shared as (

    select
        first_member.segment_id as segment_id_a,
        second_member.segment_id as segment_id_b,
        count(*) as shared_account_count
    from memberships as first_member
    inner join memberships as second_member
        on
            first_member.account_id = second_member.account_id
            and first_member.segment_id < second_member.segment_id
    group by
        first_member.segment_id,
        second_member.segment_id

),

pairs as (

    select
        first_segment.segment_id as segment_id_a,
        second_segment.segment_id as segment_id_b,
        first_segment.member_count as member_count_a,
        second_segment.member_count as member_count_b,
        coalesce(shared.shared_account_count, 0) as shared_account_count
    from segments as first_segment
    inner join segments as second_segment
        on first_segment.segment_id < second_segment.segment_id
    left join shared
        on
            first_segment.segment_id = shared.segment_id_a
            and second_segment.segment_id = shared.segment_id_b

),

measured as (

    select
        {{ dbt.concat(['segment_id_a', "'|'", 'segment_id_b']) }} as segment_pair_id,
        segment_id_a,
        segment_id_b,
        {{ microseg.as_of_date() }} as as_of_date,
        cast(member_count_a as integer) as member_count_a,
        cast(member_count_b as integer) as member_count_b,
        cast(shared_account_count as integer) as shared_account_count,
        case
            when member_count_a = 0 or member_count_b = 0 then cast(0 as {{ microseg.type_double() | trim }})
            when member_count_a < member_count_b
                then cast(shared_account_count as {{ microseg.type_double() | trim }}) / member_count_a
            else cast(shared_account_count as {{ microseg.type_double() | trim }}) / member_count_b
        end as overlap_share,
        case
            when member_count_a + member_count_b - shared_account_count = 0
                then cast(0 as {{ microseg.type_double() | trim }})
            else cast(shared_account_count as {{ microseg.type_double() | trim }})
                / (member_count_a + member_count_b - shared_account_count)
        end as jaccard_index
    from pairs

),

final as (

    select
        measured.*,
        measured.overlap_share > {{ var('microseg__segment_max_overlap_share') }} as is_above_threshold
    from measured

)

select * from final
