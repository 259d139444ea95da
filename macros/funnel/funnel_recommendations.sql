{#- The recommendation sentence rpt_segment_review gives for each diagnosis code, written for a
    RevOps reader (the diagnosis rules are in the model). Kept here, not in the model body, so the
    wording can be edited without touching the SQL. -#}

{% macro funnel_recommendations() -%}
    {{ return({
        'no_members': 'No account has been in this segment during the attribution window: check its definition against the data (dim_segments size_status) or retire it.',
        'not_contacted': 'Accounts entered the segment but none was contacted while in it: launch the play before judging the segment.',
        'too_small_to_judge': 'Too few contacted accounts to read any rate: keep the play running, or widen the definition, before drawing conclusions.',
        'scale_up': 'The play beats the macro baseline by the margin that pays for a custom play: scale it up, and keep the holdout running to confirm the lift causally.',
        'underperforming': "The play does worse than the macro baseline's standard play: stop it and move these accounts back to the baseline play, or rebuild the message.",
        'targeting_off': 'Accounts reply more than the baseline but buy less: the message lands, the targeting is off; tighten the conditions to accounts that can buy.',
        'messaging_needs_work': 'Fewer replies than the baseline, but the accounts that engage buy more: the targeting is sound; rework the message (trigger, pain, proof, call to action).',
        'replies_not_converting': 'Replies are above the baseline but meetings are not: fix the call to action and the hand-off from reply to meeting.',
        'meetings_not_converting': 'Meetings are above the baseline but opportunities are not: review qualification and the first-meeting agenda.',
        'lift_below_cost': "Better than the baseline, but not by the margin that pays for a custom play: fold it into the macro play or cut the play's cost.",
        'no_difference': 'Performs like the macro baseline: the custom play adds cost without changing outcomes; fold these accounts back into the macro play.',
        'inconclusive': 'Enough accounts were contacted, but the intervals cannot yet tell the worth-it lift from none: keep the play running and read it again next period.',
    }) }}
{%- endmacro %}
