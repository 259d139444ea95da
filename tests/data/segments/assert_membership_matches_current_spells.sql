-- Today's membership and the history agree: every membership on the as-of date has a current
-- member spell, every current member spell a membership, and every primary membership a
-- current primary spell.

with

memberships as (

    select
        account_id,
        segment_id,
        is_primary
    from {{ ref('fct_segment_membership') }}

),

current_spells as (

    select
        account_id,
        segment_id,
        membership_type
    from {{ ref('fct_segment_membership_history') }}
    where is_current
        and segment_kind = 'micro_segment'

),

missing_spells as (

    select
        memberships.account_id,
        memberships.segment_id,
        'membership without current member spell' as problem
    from memberships
    left join current_spells
        on memberships.account_id = current_spells.account_id
        and memberships.segment_id = current_spells.segment_id
        and current_spells.membership_type = 'member'
    where current_spells.account_id is null

),

missing_primary_spells as (

    select
        memberships.account_id,
        memberships.segment_id,
        'primary membership without current primary spell' as problem
    from memberships
    left join current_spells
        on memberships.account_id = current_spells.account_id
        and memberships.segment_id = current_spells.segment_id
        and current_spells.membership_type = 'primary'
    where memberships.is_primary
        and current_spells.account_id is null

),

missing_memberships as (

    select
        current_spells.account_id,
        current_spells.segment_id,
        'current spell without membership' as problem
    from current_spells
    left join memberships
        on current_spells.account_id = memberships.account_id
        and current_spells.segment_id = memberships.segment_id
    where memberships.account_id is null

)

select * from missing_spells
union all
select * from missing_primary_spells
union all
select * from missing_memberships
