{{ config(materialized='table') }}
-- One row per buying trigger per evidence row: every staged row (or seed row) that makes a
-- trigger fire, with the trigger it belongs to. A trigger is one account x trigger type x
-- subtype x date; evidence_rank 1 marks the row that fired it, 2 the supporting rows of a
-- cluster (the other postings of a hiring cluster, the other topics of an intent cluster, the
-- dropped tool of a technology migration). Nothing dated after the as-of date is used.
-- Materialized as a table: the trigger model and the audit trail both read it.

{%- set as_of = microseg.as_of_date() %}
{%- set departments = var('microseg__trigger_executive_departments') %}
{%- set department_list = "'" ~ (departments | join("', '")) ~ "'" %}
{%- set competitor_intent_min = var('microseg__competitor_intent_min_score') %}
{%- set migration_gap = var('microseg__technology_migration_max_gap_days') %}
{%- set hiring_min = var('microseg__strategic_hiring_min_postings') %}
{%- set hiring_window = var('microseg__strategic_hiring_window_days') %}
{%- set intent_min_topics = var('microseg__strategic_intent_min_topics') %}
{%- set intent_min_score = var('microseg__strategic_intent_min_score') %}

with

company_accounts as (

    select
        source_key as company_id,
        account_id
    from {{ ref('int_entity_resolution__account_keys') }}
    where source_name = 'enrichment_companies'

),

domain_accounts as (

    select
        domain,
        account_id
    from {{ ref('int_accounts__resolved') }}
    where domain is not null

),

titles as (

    select * from {{ ref('int_titles__classified') }}

),

technologies as (

    select * from {{ ref('int_accounts__technologies') }}

),

competitor_tools as (

    select
        competitor_key,
        technology_name
    from {{ ref('competitor_tools') }}
    where is_competitor

),

intent as (

    select
        domain_accounts.account_id,
        intent_topics.company_domain,
        intent_topics.week_start_date,
        intent_topics.topic,
        intent_topics.topic_category,
        intent_topics.intent_score
    from {{ ref('stg_engagement__intent_topics') }} as intent_topics
    inner join domain_accounts
        on intent_topics.company_domain = domain_accounts.domain
    where intent_topics.week_start_date <= {{ as_of }}

),

-- new_executive_hire: a hire into a relevant department (department read from the title by
-- the pattern seed, else the vendor's department).
executive_hires as (

    select
        company_accounts.account_id,
        titles.title_seniority as seniority,
        executive_changes.change_date,
        executive_changes.executive_change_id,
        executive_changes.title,
        coalesce(titles.title_department, executive_changes.department) as department
    from {{ ref('stg_enrichment__executive_changes') }} as executive_changes
    inner join company_accounts
        on executive_changes.company_id = company_accounts.company_id
    left join titles
        on executive_changes.title_normalized = titles.title_normalized
    where executive_changes.change_type = 'hire'
        and executive_changes.change_date <= {{ as_of }}

),

executive_hire_triggers as (

    select
        account_id,
        'new_executive_hire' as trigger_type,
        department as trigger_subtype,
        seniority,
        change_date as trigger_date,
        'stg_enrichment__executive_changes' as evidence_model,
        executive_change_id as evidence_key,
        title as evidence_value,
        1 as evidence_rank
    from executive_hires
    where department in ({{ department_list }})

),

-- funding_event: every funding round announced.
funding_triggers as (

    select
        company_accounts.account_id,
        'funding_event' as trigger_type,
        funding_rounds.round_type as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        funding_rounds.announced_date as trigger_date,
        'stg_enrichment__funding_rounds' as evidence_model,
        funding_rounds.funding_round_id as evidence_key,
        cast({{ microseg.decimal_round('funding_rounds.amount_usd', 0) }} as {{ dbt.type_string() }}) as evidence_value,
        1 as evidence_rank
    from {{ ref('stg_enrichment__funding_rounds') }} as funding_rounds
    inner join company_accounts
        on funding_rounds.company_id = company_accounts.company_id
    where funding_rounds.announced_date <= {{ as_of }}

),

-- competitive_pressure (a): a competitor tool first seen in the account's stack.
competitor_adoption_triggers as (

    select
        account_id,
        'competitive_pressure' as trigger_type,
        competitor_key as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        first_seen_date as trigger_date,
        'stg_enrichment__technographics' as evidence_model,
        {{ dbt.concat(['source_company_id', "':'", 'source_technology_name']) }} as evidence_key,
        technology_name as evidence_value,
        1 as evidence_rank
    from technologies
    where is_competitor

),

-- competitive_pressure (b): intent on a competitor topic at or above the threshold; the
-- subtype is the competitor the topic names, else 'competitor_topic'.
competitor_intent as (

    select
        intent.account_id,
        intent.company_domain,
        intent.week_start_date,
        intent.topic,
        intent.intent_score,
        competitor_tools.competitor_key
    from intent
    left join competitor_tools
        on intent.topic like {{ dbt.concat(["'%'", 'competitor_tools.competitor_key', "'%'"]) }}
    where intent.topic_category = 'competitor'
        and intent.intent_score >= {{ competitor_intent_min }}

),

competitor_intent_triggers as (

    select
        account_id,
        'competitive_pressure' as trigger_type,
        coalesce(competitor_key, 'competitor_topic') as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        week_start_date as trigger_date,
        'stg_engagement__intent_topics' as evidence_model,
        {{ dbt.concat([
            'company_domain', "':'", dbt.cast('week_start_date', dbt.type_string()), "':'", 'topic'
        ]) }} as evidence_key,
        {{ dbt.concat(['topic', "' ('", dbt.cast('intent_score', dbt.type_string()), "')'"]) }} as evidence_value,
        1 as evidence_rank
    from competitor_intent

),

-- technology_migration: a tool adopted (first seen) in a category while another tool of the
-- same category, in use before it, was still in use: last seen at most the gap (120 days)
-- before the adoption, or later. Dated on the adoption. Whether the old tool is then dropped is
-- only known after the adoption date, so it is not required (that would be look-ahead).
migrations as (

    select
        adopted.account_id,
        adopted.technology_category,
        adopted.first_seen_date as trigger_date,
        adopted.source_company_id as adopted_company_id,
        adopted.source_technology_name as adopted_technology_name,
        adopted.technology_name as adopted_name,
        dropped.source_company_id as dropped_company_id,
        dropped.source_technology_name as dropped_technology_name,
        dropped.technology_name as dropped_name
    from technologies as adopted
    inner join technologies as dropped
        on adopted.account_id = dropped.account_id
            and adopted.technology_category = dropped.technology_category
            and adopted.technology_key <> dropped.technology_key
    where dropped.first_seen_date < adopted.first_seen_date
        and dropped.last_seen_date
        >= cast({{ dbt.dateadd('day', -migration_gap, 'adopted.first_seen_date') }} as date)

),

migration_triggers as (

    select
        account_id,
        'technology_migration' as trigger_type,
        technology_category as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        trigger_date,
        'stg_enrichment__technographics' as evidence_model,
        {{ dbt.concat(['adopted_company_id', "':'", 'adopted_technology_name']) }} as evidence_key,
        {{ dbt.concat(["'adopted '", 'adopted_name', "' replacing '", 'dropped_name']) }} as evidence_value,
        1 as evidence_rank
    from migrations

    union all

    select
        account_id,
        'technology_migration' as trigger_type,
        technology_category as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        trigger_date,
        'stg_enrichment__technographics' as evidence_model,
        {{ dbt.concat(['dropped_company_id', "':'", 'dropped_technology_name']) }} as evidence_key,
        {{ dbt.concat(["'dropped '", 'dropped_name']) }} as evidence_value,
        2 as evidence_rank
    from migrations

),

-- regulatory_change: a calendar event whose industry group and region match the account's
-- ('any' matches every value).
account_profiles as (

    select
        account_id,
        industry_group,
        region
    from {{ ref('int_accounts__firmographics') }}

),

regulatory_triggers as (

    select
        account_profiles.account_id,
        'regulatory_change' as trigger_type,
        regulatory_calendar.regulation_event_id as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        regulatory_calendar.effective_date as trigger_date,
        'regulatory_calendar' as evidence_model,
        regulatory_calendar.regulation_event_id as evidence_key,
        regulatory_calendar.regulation_name as evidence_value,
        1 as evidence_rank
    from account_profiles
    inner join {{ ref('regulatory_calendar') }} as regulatory_calendar
        on (
            regulatory_calendar.industry_group = 'any'
            or account_profiles.industry_group = regulatory_calendar.industry_group
        )
        and (
            regulatory_calendar.region = 'any'
            or account_profiles.region = regulatory_calendar.region
        )
    where regulatory_calendar.effective_date <= {{ as_of }}

),

-- strategic_initiative (a): a hiring cluster, i.e. a posting that brings a department's
-- postings within the window to the minimum (the posting and the ones before it).
postings as (

    select
        company_accounts.account_id,
        job_postings.job_posting_id,
        job_postings.department,
        job_postings.posted_date
    from {{ ref('stg_enrichment__job_postings') }} as job_postings
    inner join company_accounts
        on job_postings.company_id = company_accounts.company_id
    where job_postings.posted_date <= {{ as_of }}
        and job_postings.department is not null

),

posting_windows as (

    select
        anchor.account_id,
        anchor.department,
        anchor.job_posting_id as anchor_posting_id,
        anchor.posted_date as anchor_date,
        member.job_posting_id as member_posting_id,
        count(*) over (partition by anchor.account_id, anchor.job_posting_id) as window_posting_count
    from postings as anchor
    inner join postings as member
        on anchor.account_id = member.account_id
            and anchor.department = member.department
            and anchor.posted_date >= member.posted_date
            and member.posted_date > cast({{ dbt.dateadd('day', -hiring_window, 'anchor.posted_date') }} as date)

),

hiring_cluster_triggers as (

    select
        account_id,
        'strategic_initiative' as trigger_type,
        'hiring_cluster' as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        anchor_date as trigger_date,
        'stg_enrichment__job_postings' as evidence_model,
        member_posting_id as evidence_key,
        department as evidence_value,
        case when member_posting_id = anchor_posting_id then 1 else 2 end as evidence_rank
    from posting_windows
    where window_posting_count >= {{ hiring_min }}

),

-- strategic_initiative (b): an intent cluster, i.e. a week with at least the minimum number
-- of problem/category topics scored at or above the threshold.
intent_cluster_topics as (

    select
        account_id,
        company_domain,
        week_start_date,
        topic,
        intent_score,
        count(*) over (partition by account_id, week_start_date) as week_topic_count,
        row_number() over (
            partition by account_id, week_start_date
            order by intent_score desc, topic asc
        ) as topic_rank
    from intent
    where topic_category in ('problem', 'category')
        and intent_score >= {{ intent_min_score }}

),

intent_cluster_triggers as (

    select
        account_id,
        'strategic_initiative' as trigger_type,
        'intent_cluster' as trigger_subtype,
        cast(null as {{ dbt.type_string() }}) as seniority,
        week_start_date as trigger_date,
        'stg_engagement__intent_topics' as evidence_model,
        {{ dbt.concat([
            'company_domain', "':'", dbt.cast('week_start_date', dbt.type_string()), "':'", 'topic'
        ]) }} as evidence_key,
        {{ dbt.concat(['topic', "' ('", dbt.cast('intent_score', dbt.type_string()), "')'"]) }} as evidence_value,
        case when topic_rank = 1 then 1 else 2 end as evidence_rank
    from intent_cluster_topics
    where week_topic_count >= {{ intent_min_topics }}

),

unioned as (

    select * from executive_hire_triggers
    union all
    select * from funding_triggers
    union all
    select * from competitor_adoption_triggers
    union all
    select * from competitor_intent_triggers
    union all
    select * from migration_triggers
    union all
    select * from regulatory_triggers
    union all
    select * from hiring_cluster_triggers
    union all
    select * from intent_cluster_triggers

),

keyed as (

    select
        {{ dbt.hash(dbt.concat([
            'account_id', "'|'", 'trigger_type', "'|'", 'trigger_subtype', "'|'",
            dbt.cast('trigger_date', dbt.type_string())
        ])) }} as trigger_id,
        account_id,
        trigger_type,
        trigger_subtype,
        trigger_date,
        seniority,
        evidence_model,
        evidence_key,
        evidence_value,
        evidence_rank
    from unioned
    where trigger_date is not null
        and trigger_subtype is not null

),

-- A row can back one trigger twice (a posting firing the cluster on its date and supporting
-- another posting of the same date): keep it once, at its best rank.
final as (

    select
        trigger_id,
        account_id,
        trigger_type,
        trigger_subtype,
        trigger_date,
        seniority,
        evidence_model,
        evidence_key,
        evidence_value,
        min(evidence_rank) as evidence_rank
    from keyed
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9

)

select * from final
