-- Engagement history is a clean SCD2: every account has spells, starting 1900-01-01, each spell
-- ends where the next begins, consecutive spells differ in state, and exactly the last one is
-- current. Returns the offending spells or accounts.

with

spells as (

    select
        account_id,
        engagement_state,
        valid_from,
        valid_to,
        is_current,
        lead(valid_from) over (partition by account_id order by valid_from) as next_valid_from,
        lead(engagement_state) over (partition by account_id order by valid_from) as next_state,
        row_number() over (partition by account_id order by valid_from) as spell_number
    from {{ ref('int_accounts__engagement_history') }}

),

broken_spells as (

    select
        account_id,
        'spell does not end where the next begins, or repeats the next state' as problem
    from spells
    where (next_valid_from is not null and (valid_to is null or valid_to <> next_valid_from))
        or (next_valid_from is null and (valid_to is not null or not is_current))
        or (next_valid_from is not null and is_current)
        or next_state = engagement_state
        or (spell_number = 1 and valid_from <> cast('1900-01-01' as date))

),

accounts_without_spells as (

    select
        accounts.account_id,
        'account without engagement spells' as problem
    from {{ ref('int_accounts__resolved') }} as accounts
    left join spells
        on accounts.account_id = spells.account_id
    where spells.account_id is null

),

final as (

    select * from broken_spells
    union all
    select * from accounts_without_spells

)

select * from final
