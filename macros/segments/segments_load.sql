{#- Load, validate and normalise the segment definitions.

    Source: var microseg__segment_definitions when set (a YAML string or the parsed structure:
    for trying a definition set from the command line and for unit tests), else the YAML body
    of macro segment_definitions() (segments/segment_definitions.sql).

    Every mistake raises a compilation error naming the segment and the field, e.g.
      Invalid segment definition 'funded_greenfield', field 'conditions.all[0].attribute':
      unknown attribute 'growth' (allowed: account_id, ...)
    Checks that need the warehouse (macro segment ids exist in seed macro_segments) run when
    int_segments__definitions builds: segments_check_macro_segments().

    Returns {'segments': [...], 'baselines': [...]}; each segment is
      {id, name, description, macro_segments, priority, refresh_class, leaves, tree,
       conditions_text, definition_json, rule_version, play, play_version}
    where leaves[i] = {index, kind, name, operator, value, subtypes, label, path, column}
    and tree is {op: all|any|not|leaf, children, leaf}. Leaf 0 is the implicit macro segment
    condition. Generated columns are named by position, not id, so they stay short: segment k
    (k-th in the file) has leaf columns s<k>_l<i>_* and membership column s<k>_member. -#}

{% macro segments_load() %}
    {%- set override = var('microseg__segment_definitions', none) -%}
    {%- if override is none or (override is string and (override | trim) in ('', 'None', 'null', 'none')) -%}
        {%- set raw = fromyaml(microseg.segment_definitions()) -%}
    {%- elif override is string -%}
        {%- set raw = fromyaml(override) -%}
    {%- else -%}
        {%- set raw = override -%}
    {%- endif -%}
    {%- if raw is none or raw is not mapping -%}
        {{ exceptions.raise_compiler_error("Invalid segment definitions: the document is not valid YAML or not a mapping with a 'segments' list (check indentation, and quote values that contain ': ').") }}
    {%- endif -%}
    {%- for key in raw -%}
        {%- if key not in ['segments', 'baselines'] -%}
            {{ exceptions.raise_compiler_error("Invalid segment definitions: unknown top-level field '" ~ key ~ "' (allowed: segments, baselines).") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set raw_segments = raw.get('segments') -%}
    {%- if raw_segments is none or raw_segments is string or raw_segments is mapping or raw_segments is not iterable or (raw_segments | length) == 0 -%}
        {{ exceptions.raise_compiler_error("Invalid segment definitions: 'segments' must be a non-empty list.") }}
    {%- endif -%}

    {%- set segments = [] -%}
    {%- set ids = {} -%}
    {%- set priorities = {} -%}
    {%- for item in raw_segments -%}
        {%- set segment = microseg.segments_normalize_segment(item, loop.index0) -%}
        {%- if segment.id in ids -%}
            {{ microseg.segments_fail(segment.id, 'id', "duplicate id '" ~ segment.id ~ "' (segments #" ~ (ids[segment.id] + 1) ~ " and #" ~ loop.index ~ ")") }}
        {%- endif -%}
        {%- if segment.priority in priorities -%}
            {{ microseg.segments_fail(segment.id, 'priority', "duplicate priority " ~ segment.priority ~ " (also used by segment '" ~ priorities[segment.priority] ~ "'); priorities must be unique") }}
        {%- endif -%}
        {%- do ids.update({segment.id: loop.index0}) -%}
        {%- do priorities.update({segment.priority: segment.id}) -%}
        {%- do segments.append(segment) -%}
    {%- endfor -%}

    {%- set baselines = [] -%}
    {%- set raw_baselines = raw.get('baselines') or [] -%}
    {%- if raw_baselines is string or raw_baselines is mapping -%}
        {{ exceptions.raise_compiler_error("Invalid segment definitions: 'baselines' must be a list of {macro_segment, play}.") }}
    {%- endif -%}
    {%- set baseline_ids = [] -%}
    {%- for item in raw_baselines -%}
        {%- set label = 'baseline #' ~ loop.index -%}
        {%- if item is not mapping -%}
            {{ microseg.segments_fail(label, 'baselines[' ~ loop.index0 ~ ']', 'must be a mapping with macro_segment and play') }}
        {%- endif -%}
        {%- for key in item -%}
            {%- if key not in ['macro_segment', 'play'] -%}
                {{ microseg.segments_fail(label, 'baselines[' ~ loop.index0 ~ '].' ~ key, 'unknown field (allowed: macro_segment, play)') }}
            {%- endif -%}
        {%- endfor -%}
        {%- set macro_segment = item.get('macro_segment') -%}
        {%- if macro_segment is not string or not modules.re.match('^[a-z][a-z0-9_]*$', macro_segment) -%}
            {{ microseg.segments_fail(label, 'macro_segment', 'must be a macro segment id (lower snake case)') }}
        {%- endif -%}
        {%- if macro_segment in baseline_ids -%}
            {{ microseg.segments_fail('baseline ' ~ macro_segment, 'macro_segment', "duplicate baseline for macro segment '" ~ macro_segment ~ "'") }}
        {%- endif -%}
        {%- do baseline_ids.append(macro_segment) -%}
        {%- set play = microseg.segments_normalize_play('baseline ' ~ macro_segment, item.get('play'), 'Baseline ' ~ macro_segment) -%}
        {%- do baselines.append({
            'macro_segment': macro_segment,
            'segment_id': microseg.segments_baseline_id(macro_segment),
            'play': play,
            'play_version': local_md5(tojson(play, sort_keys=true))[:12],
        }) -%}
    {%- endfor -%}
    {{ return({'segments': segments, 'baselines': baselines}) }}
{% endmacro %}


{#- The pseudo-segment id of a macro segment's baseline (accounts in no micro-segment). -#}
{% macro segments_baseline_id(macro_segment_id) %}
    {{ return('baseline__' ~ macro_segment_id) }}
{% endmacro %}


{% macro segments_fail(segment_id, field, message) %}
    {{ exceptions.raise_compiler_error("Invalid segment definition '" ~ segment_id ~ "', field '" ~ field ~ "': " ~ message) }}
{% endmacro %}


{% macro segments_normalize_segment(item, position) %}
    {%- set label = '#' ~ (position + 1) -%}
    {%- if item is not mapping -%}
        {{ microseg.segments_fail(label, 'segments[' ~ position ~ ']', 'each segment must be a mapping (id, name, macro_segment, priority, refresh_class, conditions, play)') }}
    {%- endif -%}
    {%- set allowed = ['id', 'name', 'description', 'macro_segment', 'priority', 'refresh_class', 'conditions', 'play'] -%}
    {%- set segment_id = item.get('id') -%}
    {%- if segment_id is not string or not modules.re.match('^[a-z][a-z0-9_]*$', segment_id) or (segment_id | length) > 40 or segment_id.startswith('baseline__') -%}
        {{ microseg.segments_fail(label if segment_id is not string else segment_id, 'id', 'required; lower snake case (a-z, 0-9, _), starting with a letter, at most 40 characters, not starting with baseline__') }}
    {%- endif -%}
    {%- for key in item -%}
        {%- if key not in allowed -%}
            {{ microseg.segments_fail(segment_id, key, 'unknown field (allowed: ' ~ allowed | join(', ') ~ ')') }}
        {%- endif -%}
    {%- endfor -%}
    {%- for key in allowed -%}
        {%- if key != 'description' and item.get(key) is none -%}
            {{ microseg.segments_fail(segment_id, key, 'required field is missing') }}
        {%- endif -%}
    {%- endfor -%}

    {%- set name = item.get('name') -%}
    {%- if name is not string or (name | trim) == '' -%}
        {{ microseg.segments_fail(segment_id, 'name', 'must be a non-empty string') }}
    {%- endif -%}
    {%- set description = item.get('description') or '' -%}
    {%- if description is not string -%}
        {{ microseg.segments_fail(segment_id, 'description', 'must be a string') }}
    {%- endif -%}

    {%- set raw_macro = item.get('macro_segment') -%}
    {%- set macro_segments = [raw_macro] if raw_macro is string else raw_macro -%}
    {%- if macro_segments is mapping or macro_segments is not iterable or (macro_segments | length) == 0 -%}
        {{ microseg.segments_fail(segment_id, 'macro_segment', 'must be a macro segment id or a non-empty list of them') }}
    {%- endif -%}
    {%- for macro_segment in macro_segments -%}
        {%- if macro_segment is not string or not modules.re.match('^[a-z][a-z0-9_]*$', macro_segment) -%}
            {{ microseg.segments_fail(segment_id, 'macro_segment', "'" ~ macro_segment ~ "' is not a macro segment id (lower snake case)") }}
        {%- endif -%}
        {%- if macro_segments[:loop.index0] | select('equalto', macro_segment) | list | length > 0 -%}
            {{ microseg.segments_fail(segment_id, 'macro_segment', "macro segment '" ~ macro_segment ~ "' is listed twice") }}
        {%- endif -%}
    {%- endfor -%}

    {%- set priority = item.get('priority') -%}
    {%- if priority is boolean or priority is not number or priority != (priority | int) or priority < 1 -%}
        {{ microseg.segments_fail(segment_id, 'priority', "must be a positive integer (1 wins), got '" ~ priority ~ "'") }}
    {%- endif -%}
    {%- set refresh_class = item.get('refresh_class') -%}
    {%- if refresh_class not in microseg.segments_refresh_classes() -%}
        {{ microseg.segments_fail(segment_id, 'refresh_class', "unknown refresh class '" ~ refresh_class ~ "' (allowed: " ~ microseg.segments_refresh_classes() | join(', ') ~ ")") }}
    {%- endif -%}

    {#- Leaf 0: the macro segment restriction every segment carries. -#}
    {%- set leaves = [{
        'index': 0,
        'kind': 'attribute',
        'name': 'macro_segment_id',
        'operator': 'in',
        'value': macro_segments,
        'subtypes': none,
        'seniorities': none,
        'value_type': 'string',
        'label': 'macro_segment_id in (' ~ macro_segments | join(', ') ~ ')',
        'path': 'macro_segment',
        'column': 's' ~ (position + 1) ~ '_l0',
    }] -%}
    {%- set tree = microseg.segments_normalize_node(segment_id, item.get('conditions'), 'conditions', leaves) -%}
    {#- Column prefix in the generated evaluation table: s<position>, short and always valid. -#}
    {%- set prefix = 's' ~ (position + 1) -%}
    {%- for leaf in leaves -%}
        {%- do leaf.update({'column': prefix ~ '_l' ~ leaf.index}) -%}
    {%- endfor -%}

    {%- set play = microseg.segments_normalize_play(segment_id, item.get('play'), name | trim) -%}
    {%- set definition = {
        'id': segment_id,
        'macro_segments': macro_segments,
        'priority': priority | int,
        'conditions': tree.canon,
    } -%}
    {%- set definition_json = tojson(definition, sort_keys=true) -%}
    {{ return({
        'id': segment_id,
        'position': position + 1,
        'prefix': prefix,
        'member_column': prefix ~ '_member',
        'name': name | trim,
        'description': description | trim,
        'macro_segments': macro_segments,
        'priority': priority | int,
        'refresh_class': refresh_class,
        'leaves': leaves,
        'tree': tree,
        'conditions_text': leaves[0].label ~ ' and ' ~ microseg.segments_tree_text(tree, leaves, true),
        'definition_json': definition_json,
        'rule_version': local_md5(definition_json)[:12],
        'play': play,
        'play_version': local_md5(tojson(play, sort_keys=true))[:12],
    }) }}
{% endmacro %}


{#- Normalise one node of a condition tree; appends leaves (with their index) to `leaves`.
    Returns {op, children, leaf, canon}: canon is the canonical form hashed into rule_version. -#}
{% macro segments_normalize_node(segment_id, node, path, leaves) %}
    {%- if node is not mapping -%}
        {{ microseg.segments_fail(segment_id, path, 'a condition must be a mapping: {all: [...]}, {any: [...]}, {not: ...}, or a leaf with attribute, trigger or technology') }}
    {%- endif -%}
    {%- set heads = [] -%}
    {%- for key in ['all', 'any', 'not', 'attribute', 'trigger', 'technology'] -%}
        {%- if key in node -%}{%- do heads.append(key) -%}{%- endif -%}
    {%- endfor -%}
    {%- if heads | length != 1 -%}
        {%- set unknown = [] -%}
        {%- for key in node -%}
            {%- if key not in ['all', 'any', 'not', 'attribute', 'trigger', 'technology', 'operator', 'value', 'subtype'] -%}{%- do unknown.append(key) -%}{%- endif -%}
        {%- endfor -%}
        {%- if unknown | length > 0 -%}
            {{ microseg.segments_fail(segment_id, path ~ '.' ~ unknown[0], "unknown condition key '" ~ unknown[0] ~ "' (a condition is {all: [...]}, {any: [...]}, {not: ...}, or a leaf with attribute, trigger or technology plus operator, value, subtype)") }}
        {%- endif -%}
        {{ microseg.segments_fail(segment_id, path, 'a condition needs exactly one of all, any, not, attribute, trigger, technology; found: ' ~ (heads | join(', ') if heads else 'none')) }}
    {%- endif -%}
    {%- set head = heads[0] -%}

    {%- if head in ['all', 'any'] -%}
        {%- if node | length != 1 -%}
            {{ microseg.segments_fail(segment_id, path, "'" ~ head ~ "' cannot be combined with other keys in the same condition") }}
        {%- endif -%}
        {%- set items = node[head] -%}
        {%- if items is none or items is string or items is mapping or items is not iterable or (items | length) == 0 -%}
            {{ microseg.segments_fail(segment_id, path ~ '.' ~ head, 'must be a non-empty list of conditions') }}
        {%- endif -%}
        {%- set children = [] -%}
        {%- set canon = [] -%}
        {%- for child in items -%}
            {%- set normalized = microseg.segments_normalize_node(segment_id, child, path ~ '.' ~ head ~ '[' ~ loop.index0 ~ ']', leaves) -%}
            {%- do children.append(normalized) -%}
            {%- do canon.append(normalized.canon) -%}
        {%- endfor -%}
        {{ return({'op': head, 'children': children, 'leaf': none, 'canon': {head: canon}}) }}
    {%- elif head == 'not' -%}
        {%- if node | length != 1 -%}
            {{ microseg.segments_fail(segment_id, path, "'not' cannot be combined with other keys in the same condition") }}
        {%- endif -%}
        {%- set child = microseg.segments_normalize_node(segment_id, node['not'], path ~ '.not', leaves) -%}
        {{ return({'op': 'not', 'children': [child], 'leaf': none, 'canon': {'not': child.canon}}) }}
    {%- else -%}
        {%- set leaf = microseg.segments_normalize_leaf(segment_id, node, head, path, leaves | length) -%}
        {%- do leaves.append(leaf) -%}
        {{ return({'op': 'leaf', 'children': [], 'leaf': leaf.index, 'canon': leaf.canon}) }}
    {%- endif -%}
{% endmacro %}


{% macro segments_normalize_leaf(segment_id, node, kind, path, index) %}
    {%- set allowed_keys = {'attribute': ['attribute', 'operator', 'value'], 'trigger': ['trigger', 'operator', 'value', 'subtype', 'seniority'], 'technology': ['technology', 'operator', 'value']}[kind] -%}
    {%- for key in node -%}
        {%- if key not in allowed_keys -%}
            {{ microseg.segments_fail(segment_id, path ~ '.' ~ key, "unknown key '" ~ key ~ "' in a " ~ kind ~ " condition (allowed: " ~ allowed_keys | join(', ') ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {%- set name = node[kind] -%}
    {%- if name is not string -%}
        {{ microseg.segments_fail(segment_id, path ~ '.' ~ kind, "unknown " ~ kind ~ " '" ~ name ~ "': expected a name") }}
    {%- endif -%}
    {%- set operator = node.get('operator') -%}
    {%- set has_value = 'value' in node -%}
    {%- set raw_value = node.get('value') -%}
    {%- set all_operators = ['equals', 'not_equals', 'in', 'not_in', 'between', 'at_least', 'at_most', 'greater_than', 'less_than', 'within_days', 'is_active', 'is_null', 'is_not_null'] -%}
    {%- if operator is none -%}
        {{ microseg.segments_fail(segment_id, path ~ '.operator', 'required field is missing (allowed: ' ~ all_operators | join(', ') ~ ')') }}
    {%- endif -%}
    {%- if operator is not string or operator not in all_operators -%}
        {{ microseg.segments_fail(segment_id, path ~ '.operator', "unknown operator '" ~ operator ~ "' (allowed: " ~ all_operators | join(', ') ~ ")") }}
    {%- endif -%}
    {%- set subtypes = none -%}
    {%- set seniorities = none -%}

    {%- if kind == 'attribute' -%}
        {%- set attributes = microseg.segments_context_attributes() -%}
        {%- if name not in attributes -%}
            {{ microseg.segments_fail(segment_id, path ~ '.attribute', "unknown attribute '" ~ name ~ "' (allowed: " ~ attributes.keys() | sort | join(', ') ~ ")") }}
        {%- endif -%}
        {%- set value_type = attributes[name].type -%}
        {%- set enum = attributes[name].get('values') -%}
        {%- set operators = microseg.segments_attribute_operators()[value_type] -%}
        {%- if operator not in operators -%}
            {{ microseg.segments_fail(segment_id, path ~ '.operator', "operator '" ~ operator ~ "' does not apply to " ~ value_type ~ " attribute '" ~ name ~ "' (allowed: " ~ operators | join(', ') ~ ")") }}
        {%- endif -%}
    {%- elif kind == 'trigger' -%}
        {%- if name not in microseg.segments_trigger_types() -%}
            {{ microseg.segments_fail(segment_id, path ~ '.trigger', "unknown trigger type '" ~ name ~ "' (allowed: " ~ microseg.segments_trigger_types() | join(', ') ~ ")") }}
        {%- endif -%}
        {%- set value_type = 'integer' -%}
        {%- set enum = none -%}
        {%- if operator not in microseg.segments_trigger_operators() -%}
            {{ microseg.segments_fail(segment_id, path ~ '.operator', "operator '" ~ operator ~ "' does not apply to a trigger condition (allowed: " ~ microseg.segments_trigger_operators() | join(', ') ~ ")") }}
        {%- endif -%}
        {%- if 'subtype' in node -%}
            {%- set raw_subtypes = [node.subtype] if node.subtype is string else node.subtype -%}
            {%- if raw_subtypes is none or raw_subtypes is mapping or raw_subtypes is not iterable or (raw_subtypes | length) == 0 -%}
                {{ microseg.segments_fail(segment_id, path ~ '.subtype', 'must be a subtype or a non-empty list of subtypes') }}
            {%- endif -%}
            {%- set subtypes = [] -%}
            {%- set known_subtypes = microseg.segments_trigger_subtypes().get(name) -%}
            {%- for subtype in raw_subtypes -%}
                {%- do subtypes.append(microseg.segments_check_scalar(segment_id, path ~ '.subtype', 'string', subtype, known_subtypes)) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- if 'seniority' in node -%}
            {%- if name != 'new_executive_hire' -%}
                {{ microseg.segments_fail(segment_id, path ~ '.seniority', "only new_executive_hire triggers carry a seniority") }}
            {%- endif -%}
            {%- set raw_seniorities = [node.seniority] if node.seniority is string else node.seniority -%}
            {%- if raw_seniorities is none or raw_seniorities is mapping or raw_seniorities is not iterable or (raw_seniorities | length) == 0 -%}
                {{ microseg.segments_fail(segment_id, path ~ '.seniority', 'must be a seniority or a non-empty list of them') }}
            {%- endif -%}
            {%- set seniorities = [] -%}
            {%- for seniority in raw_seniorities -%}
                {%- do seniorities.append(microseg.segments_check_scalar(segment_id, path ~ '.seniority', 'string', seniority, none)) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- else -%}
        {%- set fields = microseg.segments_technology_fields() -%}
        {%- if name not in fields -%}
            {{ microseg.segments_fail(segment_id, path ~ '.technology', "unknown technology field '" ~ name ~ "' (allowed: " ~ fields.keys() | sort | join(', ') ~ ")") }}
        {%- endif -%}
        {%- set value_type = fields[name].type -%}
        {%- set enum = none -%}
        {%- if operator not in microseg.segments_technology_operators() -%}
            {{ microseg.segments_fail(segment_id, path ~ '.operator', "operator '" ~ operator ~ "' does not apply to a technology condition (allowed: " ~ microseg.segments_technology_operators() | join(', ') ~ ")") }}
        {%- endif -%}
        {%- if value_type == 'boolean' and operator != 'equals' -%}
            {{ microseg.segments_fail(segment_id, path ~ '.operator', "technology field '" ~ name ~ "' is boolean: use operator equals") }}
        {%- endif -%}
    {%- endif -%}

    {#- Value shape by operator. -#}
    {%- set value_path = path ~ '.value' -%}
    {%- if operator in ['is_null', 'is_not_null', 'is_active'] -%}
        {%- if has_value -%}
            {{ microseg.segments_fail(segment_id, value_path, "operator '" ~ operator ~ "' takes no value") }}
        {%- endif -%}
        {%- set value = none -%}
    {%- elif not has_value -%}
        {{ microseg.segments_fail(segment_id, value_path, "operator '" ~ operator ~ "' needs a value") }}
    {%- elif operator in ['in', 'not_in'] -%}
        {%- if raw_value is string or raw_value is mapping or raw_value is not iterable or (raw_value | length) == 0 -%}
            {{ microseg.segments_fail(segment_id, value_path, "operator '" ~ operator ~ "' needs a non-empty list of " ~ value_type ~ " values, got '" ~ raw_value ~ "'") }}
        {%- endif -%}
        {%- set value = [] -%}
        {%- for element in raw_value -%}
            {%- do value.append(microseg.segments_check_scalar(segment_id, value_path ~ '[' ~ loop.index0 ~ ']', value_type, element, enum)) -%}
        {%- endfor -%}
    {%- elif operator == 'between' -%}
        {%- if raw_value is string or raw_value is mapping or raw_value is not iterable or (raw_value | length) != 2 -%}
            {{ microseg.segments_fail(segment_id, value_path, "operator 'between' needs a list of two " ~ value_type ~ " values [low, high], got '" ~ raw_value ~ "'") }}
        {%- endif -%}
        {%- set low = microseg.segments_check_scalar(segment_id, value_path ~ '[0]', value_type, raw_value[0], enum) -%}
        {%- set high = microseg.segments_check_scalar(segment_id, value_path ~ '[1]', value_type, raw_value[1], enum) -%}
        {%- if low > high -%}
            {{ microseg.segments_fail(segment_id, value_path, "'between' needs low <= high, got [" ~ low ~ ", " ~ high ~ "]") }}
        {%- endif -%}
        {%- set value = [low, high] -%}
    {%- elif operator == 'within_days' -%}
        {%- if raw_value is boolean or raw_value is not number or raw_value != (raw_value | int) or raw_value < 1 or raw_value > 3660 -%}
            {{ microseg.segments_fail(segment_id, value_path, "operator 'within_days' needs a whole number of days between 1 and 3660, got '" ~ raw_value ~ "'") }}
        {%- endif -%}
        {%- set value = raw_value | int -%}
    {%- else -%}
        {%- set value = microseg.segments_check_scalar(segment_id, value_path, value_type, raw_value, enum) -%}
    {%- endif -%}

    {%- set label = microseg.segments_leaf_label(kind, name, operator, value, subtypes, seniorities) -%}
    {%- set canon = {kind: name, 'operator': operator} -%}
    {%- if value is not none -%}{%- do canon.update({'value': value}) -%}{%- endif -%}
    {%- if subtypes is not none -%}{%- do canon.update({'subtype': subtypes}) -%}{%- endif -%}
    {%- if seniorities is not none -%}{%- do canon.update({'seniority': seniorities}) -%}{%- endif -%}
    {{ return({
        'index': index,
        'kind': kind,
        'name': name,
        'operator': operator,
        'value': value,
        'subtypes': subtypes,
        'seniorities': seniorities,
        'value_type': value_type,
        'label': label,
        'path': path,
        'column': none,
        'canon': canon,
    }) }}
{% endmacro %}


{#- Check one scalar against a type (and an enum); returns it normalised (dates as ISO text). -#}
{% macro segments_check_scalar(segment_id, path, value_type, value, enum) %}
    {%- if value_type == 'string' -%}
        {%- if value is not string or (value | trim) == '' -%}
            {{ microseg.segments_fail(segment_id, path, "expected a non-empty text value, got '" ~ value ~ "'") }}
        {%- endif -%}
        {%- if '\\' in value or modules.re.search('[\x00-\x1f]', value) -%}
            {{ microseg.segments_fail(segment_id, path, 'text values may not contain backslashes or control characters') }}
        {%- endif -%}
        {%- if enum is not none and value not in enum -%}
            {{ microseg.segments_fail(segment_id, path, "unknown value '" ~ value ~ "' (allowed: " ~ enum | join(', ') ~ ")") }}
        {%- endif -%}
        {{ return(value) }}
    {%- elif value_type == 'integer' -%}
        {%- if value is boolean or value is not number or value != (value | int) -%}
            {{ microseg.segments_fail(segment_id, path, "expected a whole number, got '" ~ value ~ "'") }}
        {%- endif -%}
        {{ return(value | int) }}
    {%- elif value_type == 'double' -%}
        {%- if value is boolean or value is not number or (value | string) in ['inf', '-inf', 'nan'] -%}
            {{ microseg.segments_fail(segment_id, path, "expected a number, got '" ~ value ~ "'") }}
        {%- endif -%}
        {{ return(value) }}
    {%- elif value_type == 'boolean' -%}
        {%- if value is not boolean -%}
            {{ microseg.segments_fail(segment_id, path, "expected true or false, got '" ~ value ~ "'") }}
        {%- endif -%}
        {{ return(value) }}
    {%- elif value_type == 'date' -%}
        {%- set text = value.isoformat() if (value is not string and value.isoformat is defined) else value -%}
        {%- if text is not string or not modules.re.match('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', text) -%}
            {{ microseg.segments_fail(segment_id, path, "expected a date 'YYYY-MM-DD', got '" ~ value ~ "'") }}
        {%- endif -%}
        {{ return(text) }}
    {%- endif -%}
    {{ microseg.segments_fail(segment_id, path, "internal: unknown value type '" ~ value_type ~ "'") }}
{% endmacro %}


{% macro segments_leaf_label(kind, name, operator, value, subtypes, seniorities) %}
    {%- set symbols = {'equals': '=', 'not_equals': '!=', 'at_least': '>=', 'at_most': '<=', 'greater_than': '>', 'less_than': '<'} -%}
    {%- if kind == 'trigger' -%}
        {%- set head = 'trigger ' ~ name ~ ((' [' ~ subtypes | join(', ') ~ ']') if subtypes is not none else '') ~ ((' [seniority ' ~ seniorities | join(', ') ~ ']') if seniorities is not none else '') -%}
        {%- if operator == 'is_active' -%}
            {{ return(head ~ ' active') }}
        {%- endif -%}
        {{ return(head ~ ' within ' ~ value ~ ' days') }}
    {%- endif -%}
    {%- set head = ('uses technology with ' if kind == 'technology' else '') ~ name -%}
    {%- if operator in symbols -%}
        {{ return(head ~ ' ' ~ symbols[operator] ~ ' ' ~ (value | lower if value is boolean else value)) }}
    {%- elif operator in ['in', 'not_in'] -%}
        {{ return(head ~ (' in (' if operator == 'in' else ' not in (') ~ value | join(', ') ~ ')') }}
    {%- elif operator == 'between' -%}
        {{ return(head ~ ' between ' ~ value[0] ~ ' and ' ~ value[1]) }}
    {%- elif operator == 'within_days' -%}
        {{ return(head ~ ' within ' ~ value ~ ' days') }}
    {%- elif operator == 'is_null' -%}
        {{ return(head ~ ' is unknown') }}
    {%- endif -%}
    {{ return(head ~ ' is known') }}
{% endmacro %}


{#- Human-readable text of a condition tree (dim_segments.conditions_text). -#}
{% macro segments_tree_text(node, leaves, top=false) %}
    {%- if node.op == 'leaf' -%}
        {{ return(leaves[node.leaf].label) }}
    {%- elif node.op == 'not' -%}
        {{ return('not (' ~ microseg.segments_tree_text(node.children[0], leaves) ~ ')') }}
    {%- endif -%}
    {%- set parts = [] -%}
    {%- for child in node.children -%}
        {%- do parts.append(microseg.segments_tree_text(child, leaves)) -%}
    {%- endfor -%}
    {%- set text = parts | join(' and ' if node.op == 'all' else ' or ') -%}
    {{ return(text if (top and node.op == 'all') or (parts | length) == 1 else '(' ~ text ~ ')') }}
{% endmacro %}


{% macro segments_normalize_play(segment_id, play, default_name) %}
    {%- if play is not mapping -%}
        {{ microseg.segments_fail(segment_id, 'play', 'must be a mapping with trigger, pain, value, proof, cta and channel') }}
    {%- endif -%}
    {%- set text_fields = microseg.segments_play_text_fields() -%}
    {%- set allowed = ['name', 'channel', 'personas'] + text_fields -%}
    {%- for key in play -%}
        {%- if key not in allowed -%}
            {{ microseg.segments_fail(segment_id, 'play.' ~ key, 'unknown field (allowed: ' ~ allowed | join(', ') ~ ')') }}
        {%- endif -%}
    {%- endfor -%}
    {%- set normalized = {'name': default_name} -%}
    {%- if play.get('name') is not none -%}
        {%- do normalized.update({'name': microseg.segments_check_text(segment_id, 'play.name', play.name)}) -%}
    {%- endif -%}
    {%- for field in text_fields -%}
        {%- if play.get(field) is none -%}
            {{ microseg.segments_fail(segment_id, 'play.' ~ field, 'required field of the messaging matrix is missing') }}
        {%- endif -%}
        {%- do normalized.update({field: microseg.segments_check_text(segment_id, 'play.' ~ field, play[field])}) -%}
    {%- endfor -%}
    {%- do normalized.update({'channel': microseg.segments_check_channel(segment_id, 'play.channel', play.get('channel'))}) -%}
    {%- set personas = {} -%}
    {%- set raw_personas = play.get('personas') or {} -%}
    {%- if raw_personas is not mapping -%}
        {{ microseg.segments_fail(segment_id, 'play.personas', 'must be a mapping persona -> overrides') }}
    {%- endif -%}
    {%- for persona in raw_personas -%}
        {%- if persona not in microseg.segments_personas() -%}
            {{ microseg.segments_fail(segment_id, 'play.personas.' ~ persona, "unknown persona '" ~ persona ~ "' (allowed: " ~ microseg.segments_personas() | join(', ') ~ ")") }}
        {%- endif -%}
        {%- set overrides = raw_personas[persona] -%}
        {%- if overrides is not mapping or (overrides | length) == 0 -%}
            {{ microseg.segments_fail(segment_id, 'play.personas.' ~ persona, 'must be a mapping with at least one of channel, ' ~ text_fields | join(', ')) }}
        {%- endif -%}
        {%- set variant = {} -%}
        {%- for key in overrides -%}
            {%- if key == 'channel' -%}
                {%- do variant.update({'channel': microseg.segments_check_channel(segment_id, 'play.personas.' ~ persona ~ '.channel', overrides[key])}) -%}
            {%- elif key in text_fields -%}
                {%- do variant.update({key: microseg.segments_check_text(segment_id, 'play.personas.' ~ persona ~ '.' ~ key, overrides[key])}) -%}
            {%- else -%}
                {{ microseg.segments_fail(segment_id, 'play.personas.' ~ persona ~ '.' ~ key, 'unknown field (allowed: channel, ' ~ text_fields | join(', ') ~ ')') }}
            {%- endif -%}
        {%- endfor -%}
        {%- do personas.update({persona: variant}) -%}
    {%- endfor -%}
    {%- do normalized.update({'personas': personas}) -%}
    {{ return(normalized) }}
{% endmacro %}


{% macro segments_check_text(segment_id, path, value) %}
    {%- if value is not string or (value | trim) == '' -%}
        {{ microseg.segments_fail(segment_id, path, 'must be non-empty text') }}
    {%- endif -%}
    {%- if '\\' in value -%}
        {{ microseg.segments_fail(segment_id, path, 'text may not contain backslashes') }}
    {%- endif -%}
    {{ return(value | trim) }}
{% endmacro %}


{% macro segments_check_channel(segment_id, path, value) %}
    {%- if value not in microseg.segments_channels() -%}
        {{ microseg.segments_fail(segment_id, path, "unknown channel '" ~ value ~ "' (allowed: " ~ microseg.segments_channels() | join(', ') ~ ")") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}


{% macro segments_check_trigger_filters(config) %}
    {#- new_executive_hire conditions: every subtype (department) and seniority must be one the
        seed trigger_executive_titles can assign, or the condition could never match. Checked when
        int_segments__definitions is built (seed contents are not known at parse time). -#}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set seed = ref('trigger_executive_titles') -%}
    {%- if adapter.get_relation(database=seed.database, schema=seed.schema, identifier=seed.identifier) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set result = run_query('select distinct department, seniority from ' ~ seed) -%}
    {%- set known = {
        'subtypes': result.columns[0].values() | reject('none') | unique | sort | list,
        'seniorities': result.columns[1].values() | reject('none') | unique | sort | list,
    } -%}
    {%- for segment in config.segments -%}
        {%- for leaf in segment.leaves if leaf.kind == 'trigger' and leaf.name == 'new_executive_hire' -%}
            {%- for field, key in [('subtype', 'subtypes'), ('seniority', 'seniorities')] -%}
                {%- for value in (leaf[key] or []) if value not in known[key] -%}
                    {{ microseg.segments_fail(segment.id, leaf.path ~ '.' ~ field, "unknown " ~ field ~ " '" ~ value ~ "' for new_executive_hire: not in seed trigger_executive_titles (known: " ~ known[key] | join(', ') ~ ")") }}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
{% endmacro %}

{#- Execution-time check (needs the seed): every macro segment a definition or a baseline names
    exists in seed macro_segments. Called by int_segments__definitions. -#}
{% macro segments_check_macro_segments(config) %}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set seed = ref('macro_segments') -%}
    {%- if adapter.get_relation(database=seed.database, schema=seed.schema, identifier=seed.identifier) is none -%}
        {#- Not seeded yet (e.g. `dbt compile` on an empty warehouse): `dbt build` seeds first. -#}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select distinct macro_segment_id from ' ~ seed) -%}
    {%- set known = result.columns[0].values() | list -%}
    {%- for segment in config.segments -%}
        {%- for macro_segment in segment.macro_segments -%}
            {%- if macro_segment not in known -%}
                {{ microseg.segments_fail(segment.id, 'macro_segment', "missing macro segment '" ~ macro_segment ~ "': not in seed macro_segments (known: " ~ known | sort | join(', ') ~ ")") }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for baseline in config.baselines -%}
        {%- if baseline.macro_segment not in known -%}
            {{ microseg.segments_fail('baseline ' ~ baseline.macro_segment, 'macro_segment', "missing macro segment '" ~ baseline.macro_segment ~ "': not in seed macro_segments (known: " ~ known | sort | join(', ') ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(known | sort) }}
{% endmacro %}
