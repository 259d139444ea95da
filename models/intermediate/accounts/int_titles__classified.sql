{{ config(materialized='table') }}
-- One row per distinct normalised job title seen in CRM contacts, executive changes and job
-- postings: the department and the seniority read from the title by the pattern seed
-- `trigger_executive_titles` (first matching pattern by match_priority, then the longest
-- pattern). Classifying distinct titles once is far cheaper than matching every row.
-- Materialized as a table: joined by contacts, executive hires and postings.

with

titles as (

    select title_normalized from {{ ref('stg_crm__contacts') }}
    union
    select title_normalized from {{ ref('stg_enrichment__executive_changes') }}
    union
    select job_title_normalized as title_normalized from {{ ref('stg_enrichment__job_postings') }}

),

patterns as (

    select
        title_pattern,
        department,
        seniority,
        match_priority
    from {{ ref('trigger_executive_titles') }}

),

matches as (

    select
        titles.title_normalized,
        patterns.department,
        patterns.seniority,
        patterns.match_priority,
        {{ dbt.length('patterns.title_pattern') }} as pattern_length,
        patterns.title_pattern
    from titles
    inner join patterns
        on titles.title_normalized like patterns.title_pattern
    where titles.title_normalized is not null

),

department_ranked as (

    select
        title_normalized,
        department,
        row_number() over (
            partition by title_normalized
            order by match_priority asc, pattern_length desc, title_pattern asc
        ) as match_rank
    from matches
    where department is not null

),

seniority_ranked as (

    select
        title_normalized,
        seniority,
        row_number() over (
            partition by title_normalized
            order by match_priority asc, pattern_length desc, title_pattern asc
        ) as match_rank
    from matches
    where seniority is not null

),

final as (

    select
        titles.title_normalized,
        department_ranked.department as title_department,
        seniority_ranked.seniority as title_seniority
    from titles
    left join department_ranked
        on titles.title_normalized = department_ranked.title_normalized
            and department_ranked.match_rank = 1
    left join seniority_ranked
        on titles.title_normalized = seniority_ranked.title_normalized
            and seniority_ranked.match_rank = 1
    where titles.title_normalized is not null

)

select * from final
