{#- The vocabulary segment definitions may use: every name a definition can mention is checked
    against these allow-lists, so a definition can never reach a column or function that is
    not listed here, and every value is rendered as a typed, escaped literal. -#}

{#- Context attributes (columns of int_accounts__context / int_accounts__context_history) a
    condition may test, with their type and, for enums, the accepted values. Types: string,
    integer, double, date, boolean. -#}
{% macro segments_context_attributes() %}
    {%- set trigger_date_attributes = {} -%}
    {%- for trigger_type in microseg.segments_trigger_types() -%}
        {%- do trigger_date_attributes.update({'latest_' ~ trigger_type ~ '_date': {'type': 'date'}}) -%}
        {%- do trigger_date_attributes.update({'latest_' ~ trigger_type ~ '_subtype': {'type': 'string'}}) -%}
    {%- endfor -%}
    {%- set attributes = {
        'account_id': {'type': 'string'},
        'account_name': {'type': 'string'},
        'domain': {'type': 'string'},
        'crm_account_id': {'type': 'string'},
        'enrichment_company_id': {'type': 'string'},
        'industry': {'type': 'string'},
        'industry_group': {'type': 'string'},
        'sub_industry': {'type': 'string'},
        'country_code': {'type': 'string'},
        'region': {'type': 'string'},
        'employee_count': {'type': 'integer'},
        'size_band': {'type': 'string', 'values': ['1-50', '51-500', '501-5000', '5000+', 'unknown']},
        'annual_revenue_usd': {'type': 'double'},
        'revenue_per_employee_usd': {'type': 'double'},
        'funding_stage': {'type': 'string'},
        'headcount_growth_12m_pct': {'type': 'double'},
        'growth_stage': {'type': 'string', 'values': ['hyper_growth', 'steady_growth', 'stable', 'contracting', 'unknown']},
        'headcount_trajectory': {'type': 'string'},
        'macro_segment_id': {'type': 'string'},
        'account_value_score': {'type': 'double'},
        'tier': {'type': 'string', 'values': ['tier_1', 'tier_2', 'tier_3']},
        'buying_motion': {'type': 'string', 'values': ['net_new', 'expansion']},
        'engagement_state': {'type': 'string', 'values': ['never_contacted', 'contacted_not_engaged', 'engaged_not_converted', 'customer', 'churned']},
        'engagement_state_since': {'type': 'date'},
        'intent_stage': {'type': 'string', 'values': ['none', 'early', 'mid', 'late']},
        'max_intent_score_28d': {'type': 'double'},
        'uses_competitor': {'type': 'boolean'},
        'competitor_tools': {'type': 'string'},
        'uses_legacy_stack': {'type': 'boolean'},
        'legacy_tools': {'type': 'string'},
        'active_trigger_count': {'type': 'integer'},
        'days_since_last_trigger': {'type': 'integer'},
        'latest_trigger_date': {'type': 'date'},
        'latest_new_executive_hire_seniority': {'type': 'string'},
    } -%}
    {%- do attributes.update(trigger_date_attributes) -%}
    {{ return(attributes) }}
{% endmacro %}

{#- Trigger types of int_accounts__buying_triggers (the intermediate layer's list). -#}
{% macro segments_trigger_types() %}
    {{ return(microseg.trigger_types()) }}
{% endmacro %}

{#- The subtypes a trigger type can carry, where they are a fixed vocabulary (checked when the
    definitions are parsed): funding rounds by round type, strategic initiatives by cluster kind.
    new_executive_hire subtypes (departments) and seniorities come from the seed
    trigger_executive_titles and are checked when int_segments__definitions is built
    (segments_check_trigger_filters); technology categories, competitors and regulation events
    come from the data and are not checked. -#}
{% macro segments_trigger_subtypes() %}
    {{ return({
        'funding_event': microseg.funding_round_types(),
        'strategic_initiative': ['hiring_cluster', 'intent_cluster'],
    }) }}
{% endmacro %}

{#- Technology fields a technology condition may test ("the account currently uses at least one
    technology whose <field> matches"): columns of int_accounts__technologies, plus is_legacy
    from the competitor_tools seed. -#}
{% macro segments_technology_fields() %}
    {{ return({
        'technology_name': {'type': 'string'},
        'technology_category': {'type': 'string'},
        'is_competitor': {'type': 'boolean'},
        'is_legacy': {'type': 'boolean'},
    }) }}
{% endmacro %}

{#- Operators, by the kind of leaf and the attribute type they apply to. -#}
{% macro segments_attribute_operators() %}
    {{ return({
        'string': ['equals', 'not_equals', 'in', 'not_in', 'is_null', 'is_not_null'],
        'integer': ['equals', 'not_equals', 'in', 'not_in', 'between', 'at_least', 'at_most', 'greater_than', 'less_than', 'is_null', 'is_not_null'],
        'double': ['equals', 'not_equals', 'between', 'at_least', 'at_most', 'greater_than', 'less_than', 'is_null', 'is_not_null'],
        'date': ['equals', 'between', 'at_least', 'at_most', 'within_days', 'is_null', 'is_not_null'],
        'boolean': ['equals', 'is_null', 'is_not_null'],
    }) }}
{% endmacro %}

{% macro segments_trigger_operators() %}
    {{ return(['within_days', 'is_active']) }}
{% endmacro %}

{% macro segments_technology_operators() %}
    {{ return(['equals', 'in']) }}
{% endmacro %}

{% macro segments_refresh_classes() %}
    {{ return(['event_driven', 'attribute_based']) }}
{% endmacro %}

{#- Personas a play can address (the values of seed persona_map.persona). -#}
{% macro segments_personas() %}
    {{ return(['economic_buyer', 'champion', 'operator', 'technical_evaluator', 'end_user']) }}
{% endmacro %}

{% macro segments_channels() %}
    {{ return(['email', 'linkedin', 'phone', 'direct_mail', 'paid_social', 'event']) }}
{% endmacro %}

{#- Messaging-matrix fields of a play (required) and the optional ones. -#}
{% macro segments_play_text_fields() %}
    {{ return(['trigger', 'pain', 'value', 'proof', 'cta']) }}
{% endmacro %}
