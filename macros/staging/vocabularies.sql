{#- Accepted values of the enum columns staging normalises (normalize_enum: lower snake case).
    A row with a value outside its list is rejected with 'unknown <column>'. The staging YAML
    tests the same lists with accepted_values. -#}

{% macro opportunity_stages() -%}
    {#- In funnel order, the two closed stages last. -#}
    {{ return(['prospecting', 'discovery', 'evaluation', 'proposal', 'negotiation', 'closed_won', 'closed_lost']) }}
{%- endmacro %}

{% macro funding_round_types() -%}
    {{ return(['seed', 'series_a', 'series_b', 'series_c', 'series_d', 'series_e', 'debt', 'private_equity']) }}
{%- endmacro %}

{% macro email_event_types() -%}
    {{ return(['sent', 'delivered', 'opened', 'clicked', 'replied', 'bounced', 'unsubscribed', 'spam_complaint']) }}
{%- endmacro %}

{% macro reply_sentiments() -%}
    {#- out_of_office and auto_reply are not real replies (see DESIGN.md). -#}
    {{ return(['positive', 'neutral', 'negative', 'out_of_office', 'auto_reply']) }}
{%- endmacro %}
