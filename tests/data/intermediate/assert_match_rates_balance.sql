-- Every source row is either matched or unmatched (none lost), free-mail rows are a part of
-- the unmatched ones, and the rate is matched / rows.

select
    source_name,
    row_count,
    matched_count,
    unmatched_count,
    free_mail_count,
    match_rate
from {{ ref('int_entity_resolution__match_rates') }}
where matched_count + unmatched_count <> row_count
    or free_mail_count > unmatched_count
    or matched_count < 0
    or unmatched_count < 0
    or (row_count > 0 and abs(match_rate - cast(matched_count as {{ dbt.type_float() }}) / row_count) > 0.000001)
    or (row_count = 0 and match_rate is not null)
