{#-
    Micro-segment definitions: the one file a GTM engineer edits to add, change or retire a
    segment. The body of the macro below is plain YAML (no SQL); dbt reads it at parse time,
    validates it (a mistake fails `dbt parse` / `dbt build` with a message naming the segment
    and the field) and compiles it into the segment models. Format reference and a worked
    example: README, section "Segment definitions".

    segments:            list of micro-segments
      id                 lower snake case, unique, at most 40 characters (a column prefix)
      name               display name
      description        what the cluster is and why it gets its own play
      macro_segment      the macro segment id (seed macro_segments), or a list of them; the
                         engine only evaluates accounts in these macro segments
      priority           positive integer, unique; 1 wins: an account in several segments is
                         routed (is_primary) to the one with the lowest number
      refresh_class      event_driven (timing signals: re-evaluated every run, staleness
                         threshold microseg__stale_signal_days_event_driven) or attribute_based
      conditions         a tree of all: [...] / any: [...] / not: {...} over leaves:
                           {attribute: <context column>, operator: <op>, value: <v>}
                           {trigger: <trigger type>, operator: within_days | is_active,
                            value: <days>, subtype: <one or a list of subtypes>}
                           {technology: technology_name | technology_category | is_competitor
                            | is_legacy, operator: equals | in, value: <v>}
      play               messaging matrix: trigger, pain, value, proof, cta (required), name,
                         channel (email, linkedin, phone, direct_mail, paid_social, event), and
                         personas: {<persona>: {any of channel, trigger, pain, value, proof,
                         cta}} for persona variants (personas from seed persona_map)
    baselines:           the play of each macro segment for accounts in no micro-segment

    The YAML is inside a Jinja macro: do not write double curly braces or a curly brace
    followed by a percent sign in the text. Placeholders use square brackets: [Competitor].
-#}
{% macro segment_definitions() %}
segments:

  - id: mmt_competitor_salesops_hire
    name: Mid-market tech on Outreach or Salesloft that just hired a sales-ops lead
    description: >
      Mid-market technology companies running Outreach or Salesloft today whose new sales
      operations leader (hired in the last 90 days) is re-evaluating the stack they inherited.
    macro_segment: mid_market_tech
    priority: 10
    refresh_class: event_driven
    conditions:
      all:
        - {technology: technology_name, operator: in, value: [Outreach, Salesloft]}
        - {trigger: new_executive_hire, subtype: sales_operations, operator: within_days, value: 90}
    play:
      name: Competitor displacement for the new sales-ops lead
      channel: email
      trigger: You have been on [Competitor] for a while and just brought in a sales-ops lead.
      pain: "[Competitor] sequences break once the team runs more than one product line, and the new ops lead inherits the clean-up."
      value: One context layer across product lines, without rebuilding the workflows your reps already use.
      proof: A mid-market software company like yours migrated in three weeks and saw 40% more pipeline.
      cta: See a side-by-side comparison with your current setup.
      personas:
        operator:
          cta: Get the migration checklist we use for [Competitor] switches.
        economic_buyer:
          channel: linkedin
          value: Consolidate sequencing spend while the new ops lead sets the stack for the next two years.

  - id: new_sales_leader
    name: New CRO or VP Sales in the last 90 days
    description: >
      Enterprise and mid-market general accounts with a new chief revenue officer or VP of
      sales hired in the last 90 days: a new leader rebuilds the playbook within two quarters.
    macro_segment: [enterprise, mid_market_general]
    priority: 20
    refresh_class: event_driven
    conditions:
      all:
        - {trigger: new_executive_hire, subtype: sales, seniority: [c_level, vp], operator: within_days, value: 90}
    play:
      name: First-100-days plan for the new sales leader
      channel: email
      trigger: New sales leaders set their pipeline plan in the first 100 days.
      pain: Inherited outbound motions rarely match the number the board just signed off.
      value: A pipeline plan by segment, measured against your own baseline from week one.
      proof: A new CRO at a comparable company added two qualified meetings per rep per month within a quarter.
      cta: Book a 30-minute first-100-days pipeline review.
      personas:
        economic_buyer:
          cta: Get the first-100-days pipeline template for revenue leaders.
        champion:
          channel: linkedin

  - id: funded_greenfield
    name: Raised a Series A-C in the last 90 days, no sales-engagement tool yet
    description: >
      Mid-market technology and general companies that raised a Series A, B or C round in the
      last 90 days, use no competing sales-engagement tool and have no new sales executive yet:
      budget is fresh and the outbound stack is still open.
    macro_segment: [mid_market_tech, mid_market_general]
    priority: 30
    refresh_class: event_driven
    conditions:
      all:
        - {trigger: funding_event, subtype: [series_a, series_b, series_c], operator: within_days, value: 90}
        - not: {technology: is_competitor, operator: equals, value: true}
        - not: {trigger: new_executive_hire, operator: within_days, value: 90}
    play:
      name: Scale outbound after the round
      channel: email
      trigger: Companies scaling their sales team after a round hit the same outbound ceiling.
      pain: New reps ramp slowly when every sequence is built by hand.
      value: Segment-specific plays live in days, so new headcount produces pipeline in its first month.
      proof: A recently funded peer doubled meetings per rep within one quarter of the round.
      cta: Get the post-funding outbound plan.

  - id: smb_revops_on_apollo
    name: SMB on Apollo that just hired a revenue-operations lead
    description: >
      Small companies using Apollo that hired a revenue operations leader in the last 90 days.
      Deliberately narrow: expect it below the minimum segment size.
    macro_segment: smb
    priority: 40
    refresh_class: event_driven
    conditions:
      all:
        - {technology: technology_name, operator: equals, value: Apollo}
        - {trigger: new_executive_hire, subtype: revenue_operations, operator: within_days, value: 90}
    play:
      name: RevOps quick win on Apollo
      channel: email
      trigger: A new RevOps lead is picking the first tools they will own.
      pain: Apollo lists without context turn into low-reply blasts.
      value: Context-driven sequences on top of the data you already pay for.
      proof: A 40-person SaaS team lifted reply rates from 2% to 6% in a month.
      cta: Try the free RevOps audit.

  - id: regulated_engaged_late_intent
    name: Regulated mid-market, engaged before, late-stage intent now
    description: >
      Mid-market financial-services and healthcare accounts that engaged with us in the past
      without converting and now show late-stage buying intent (high intent scores plus a
      pricing or comparison visit in the last 28 days).
    macro_segment: mid_market_regulated
    priority: 50
    refresh_class: event_driven
    conditions:
      all:
        - {attribute: engagement_state, operator: equals, value: engaged_not_converted}
        - {attribute: intent_stage, operator: equals, value: late}
    play:
      name: Re-open the conversation at decision time
      channel: phone
      trigger: You looked at us before and are comparing options again now.
      pain: Compliance review stalls sales-engagement rollouts late in the cycle.
      value: Audit-ready outreach with consent tracking built in, so compliance signs off early.
      proof: A regional bank passed its vendor risk review in two weeks with our compliance pack.
      cta: Get the compliance pack and a pricing walkthrough.
      personas:
        technical_evaluator:
          channel: email
          cta: Get the security and compliance documentation.

  - id: enterprise_contracting_legacy
    name: Contracting enterprise on a legacy CRM
    description: >
      Enterprise accounts whose headcount shrank over the last 12 months and that still run a
      legacy CRM (Siebel, Oracle CX Legacy, Dynamics CRM 2011): cost pressure plus an ageing stack.
    macro_segment: enterprise
    priority: 60
    refresh_class: attribute_based
    conditions:
      all:
        - {attribute: growth_stage, operator: equals, value: contracting}
        - {technology: is_legacy, operator: equals, value: true}
    play:
      name: Do more with fewer reps
      channel: email
      trigger: Teams that shrank this year still carry last year's number.
      pain: A legacy CRM makes every rep spend hours on data entry instead of selling.
      value: Automated context and sequencing that sits beside the legacy CRM, no migration first.
      proof: An enterprise manufacturer on Siebel raised meetings per rep by 30% without a CRM project.
      cta: See the productivity model for a leaner team.
      personas:
        economic_buyer:
          cta: Get the cost-per-meeting model for your team size.

  - id: recent_crm_migration
    name: Just moved to a new CRM
    description: >
      Accounts outside enterprise that dropped one CRM and adopted another within the last
      120 days (an active technology-migration trigger in category crm): the go-to-market
      stack is being rebuilt right now.
    macro_segment: [smb, mid_market_tech, mid_market_regulated, mid_market_general]
    priority: 70
    refresh_class: event_driven
    conditions:
      all:
        - {trigger: technology_migration, subtype: crm, operator: is_active}
    play:
      name: Plug outbound into the new CRM
      channel: email
      trigger: Teams that just switched CRM rebuild their outbound workflows within a quarter.
      pain: Sequences, lists and reporting rarely survive a CRM migration intact.
      value: Native sync with the new CRM, with segment plays live in the first week.
      proof: A mid-market team that moved CRM was sequencing again in five days.
      cta: Get the CRM migration playbook for outbound.
      personas:
        operator:
          cta: Book a 20-minute integration walkthrough for your new CRM.

  - id: customer_growth_expansion
    name: Growing mid-market customers ready to expand
    description: >
      Current mid-market customers whose headcount grew at least 7.5% over 12 months
      (steady or hyper growth): more reps than seats, an expansion conversation.
    macro_segment: [mid_market_tech, mid_market_general, mid_market_regulated]
    priority: 80
    refresh_class: attribute_based
    conditions:
      all:
        - {attribute: engagement_state, operator: equals, value: customer}
        - {attribute: headcount_growth_12m_pct, operator: at_least, value: 0.075}
    play:
      name: Seats for the team you are hiring
      channel: email
      trigger: Your team has grown since you rolled us out.
      pain: New reps outside the platform run their own ad-hoc sequences.
      value: Onboard new reps onto proven segment plays on day one.
      proof: Customers that expanded during a growth year ramped new reps 35% faster.
      cta: Plan the expansion with your customer success manager.

  - id: smb_hyper_growth_intent
    name: Hyper-growth SMB researching sales engagement
    description: >
      Small companies that grew at least 65% in 12 months and show mid or late buying intent,
      not already customers: the first dedicated sales hires are about to need tooling.
    macro_segment: smb
    priority: 90
    refresh_class: event_driven
    conditions:
      all:
        - {attribute: growth_stage, operator: equals, value: hyper_growth}
        - {attribute: intent_stage, operator: in, value: [mid, late]}
        - {attribute: engagement_state, operator: not_in, value: [customer, churned]}
    play:
      name: First outbound stack for a fast-growing team
      channel: email
      trigger: Companies doubling headcount hire their first SDRs this year.
      pain: Founder-led sales does not scale past the first few reps.
      value: A starter outbound stack with plays that work from day one.
      proof: A 30-person startup booked its first 50 meetings in six weeks.
      cta: Start the free starter plan.
      personas:
        economic_buyer:
          cta: Get the founder's guide to the first outbound hire.

  - id: enterprise_engaged_competitive
    name: Engaged enterprise on a competitor or showing intent
    description: >
      Enterprise accounts that engaged with us without converting and either run a competing
      sales-engagement tool or show mid or late buying intent: a competitive evaluation.
    macro_segment: enterprise
    priority: 100
    refresh_class: attribute_based
    conditions:
      all:
        - {attribute: engagement_state, operator: equals, value: engaged_not_converted}
        - any:
            - {technology: is_competitor, operator: equals, value: true}
            - {attribute: intent_stage, operator: in, value: [mid, late]}
    play:
      name: Enterprise side-by-side evaluation
      channel: email
      trigger: Your team is weighing its sales-engagement options.
      pain: Standardising outbound across regions stalls on tool sprawl.
      value: One governed platform with segment plays and audit trails for every region.
      proof: A global manufacturer consolidated three sequencing tools in one quarter.
      cta: Request an enterprise side-by-side evaluation.
      personas:
        technical_evaluator:
          cta: Get the security, SSO and data-residency documentation.
        economic_buyer:
          channel: linkedin

baselines:
  - macro_segment: smb
    play:
      name: SMB baseline
      channel: email
      trigger: Small teams need pipeline without a RevOps department.
      pain: Every rep builds their own lists and sequences.
      value: Ready-made plays for small sales teams.
      proof: Teams of five to twenty reps book more meetings in their first month.
      cta: Start a free trial.
  - macro_segment: mid_market_tech
    play:
      name: Mid-market tech baseline
      channel: email
      trigger: Growing software teams outgrow one-size-fits-all sequences.
      pain: Reply rates fall as lists get broader.
      value: Segment-aware outbound on one platform.
      proof: Mid-market software teams double reply rates on targeted lists.
      cta: Book a demo.
  - macro_segment: mid_market_regulated
    play:
      name: Mid-market regulated baseline
      channel: email
      trigger: Regulated teams need outreach that passes compliance review.
      pain: Manual consent tracking slows every campaign.
      value: Compliance-ready sales engagement.
      proof: Banks and healthcare providers run audited outreach on the platform.
      cta: Get the compliance overview.
  - macro_segment: mid_market_general
    play:
      name: Mid-market general baseline
      channel: email
      trigger: Mid-market teams want enterprise-grade outbound without the overhead.
      pain: Generic sequences get generic results.
      value: Context-driven plays that adapt to each account.
      proof: Mid-market teams book more meetings with fewer touches.
      cta: Book a demo.
  - macro_segment: enterprise
    play:
      name: Enterprise baseline
      channel: email
      trigger: Large sales organisations need consistency across regions.
      pain: Every region runs its own outbound motion.
      value: One governed platform for segment plays across teams.
      proof: Enterprise teams standardised outbound across regions in one quarter.
      cta: Request an enterprise briefing.
{% endmacro %}
