-- An account has one primary assignment at a time: its primary spells in
-- fct_segment_membership_history (a micro-segment or baseline__<macro>) do not overlap, so a touch
-- is credited to exactly one. Ordered by valid_from, each spell ends (valid_to, exclusive) on or
-- before the next one starts, and only the last one may be open (valid_to null). Returns the
-- spells that overlap the next one.

with

primary_spells as (

    select
        spell_id,
        account_id,
        segment_id,
        valid_from,
        valid_to,
        lead(valid_from) over (partition by account_id order by valid_from, spell_id) as next_valid_from,
        lead(spell_id) over (partition by account_id order by valid_from, spell_id) as next_spell_id
    from {{ ref('fct_segment_membership_history') }}
    where membership_type = 'primary'

),

final as (

    select * from primary_spells
    where next_valid_from is not null
        and (valid_to is null or valid_to > next_valid_from)

)

select * from final
