{#- Standard normal distribution in portable SQL arithmetic (DuckDB, Spark and PostgreSQL 15 have no
    common erf/erfc function; PostgreSQL has erf/erfc only from version 16).

    erfc(x) follows W. J. Cody's rational Chebyshev approximations:
      W. J. Cody, "Rational Chebyshev approximations for the error function",
      Mathematics of Computation 23 (1969), 631-637; coefficients and algorithm as in Cody's
      SPECFUN routine CALERF (https://www.netlib.org/specfun/erf), whose rational functions
      approximate erf and erfc to at least 18 significant decimal digits, so the result is limited
      by double-precision rounding (tests/test_stats_macros.py measures it against a 80-digit
      reference and SciPy).
      Three intervals on y = |x|:
        y <= 0.46875        erf(x)  = x * P_a(y^2) / Q_a(y^2),            erfc = 1 - erf
        0.46875 < y <= 4    erfc(y) = exp(-y^2) * P_c(y) / Q_c(y)
        4 < y < 26.543      erfc(y) = exp(-y^2) / y * (1/sqrt(pi) - t * P_p(t) / Q_p(t)), t = 1/y^2
        y >= 26.543         erfc(y) = 0 (below the smallest normal double)
      erfc(-y) = 2 - erfc(y). exp(-y^2) is computed as exp(-ysq^2) * exp(-(y - ysq)(y + ysq)) with
      ysq = y rounded down to a multiple of 1/16 (ysq^2 is then exact), as Cody does, so that the
      tail keeps full relative accuracy.

    For the normal distribution, erfc is evaluated at u = w / sqrt(2), and rounding u would cost
    up to ~1e-13 relative accuracy in the far tail (relative error 2 u^2 eps). So there the factor
    exp(-u^2) = exp(-w^2 / 2) is computed from w itself with the same split (wsq = w rounded down
    to 1/16: exp(-wsq^2 / 2) * exp(-(w - wsq)(w + wsq) / 2)), and only the slowly varying rational
    factor sees the rounded u. The tail is computed directly (never as 1 - cdf), so a p-value of
    1e-30 or 1e-300 keeps ~15 significant digits.

    Each interval's formula sits in its own CASE branch, which every engine evaluates only for the
    rows in that interval, so no branch can overflow, divide by zero or underflow (PostgreSQL raises
    on floating-point underflow: interval 1 floors y at 1e-100 before squaring it, and erfc is 0
    from y = 26.543 on, where exp(-y^2) would underflow). -#}

{% macro stats_cody_rational(t, lead, num, den) -%}
    {#- Cody's nested evaluation: xnum = lead*t; xden = t; xnum = (xnum + num[i])*t,
        xden = (xden + den[i])*t for all but the last coefficient; (xnum + num[-1]) / (xden + den[-1]). -#}
    {%- set ns = namespace(num=lead ~ ' * ' ~ t, den=t) -%}
    {%- for i in range(num | length - 1) -%}
        {%- set ns.num = '(' ~ ns.num ~ ' + ' ~ num[i] ~ ') * ' ~ t -%}
        {%- set ns.den = '(' ~ ns.den ~ ' + ' ~ den[i] ~ ') * ' ~ t -%}
    {%- endfor -%}
    (({{ ns.num }} + {{ num[-1] }}) / ({{ ns.den }} + {{ den[-1] }}))
{%- endmacro %}

{% macro stats_exp_neg_square(y, half=false) -%}
    {#- exp(-y^2) (or exp(-y^2 / 2) when half) for y >= 0, as exp(-ysq^2) * exp(-del) with
        ysq = floor(16 y) / 16 (ysq^2 exact) and del = (y - ysq)(y + ysq). -#}
    {%- set ysq = '(floor(' ~ y ~ ' * 1.6e1) / 1.6e1)' -%}
    {%- set factor = ' * 5.0e-1' if half else '' -%}
    (exp(-{{ ysq }} * {{ ysq }}{{ factor }}) * exp(-(({{ y }} - {{ ysq }}) * ({{ y }} + {{ ysq }})){{ factor }}))
{%- endmacro %}

{#- erfc of xd, an expression that is already double precision. When w is given (a double
    expression with xd = w / sqrt(2)), exp(-xd^2) is computed as exp(-w^2 / 2) from w. -#}
{% macro stats_erfc_double(xd, w=none) -%}
    {%- set y = 'abs(' ~ xd ~ ')' -%}
    {%- set gauss = microseg.stats_exp_neg_square(y) if w is none
        else microseg.stats_exp_neg_square('abs(' ~ w ~ ')', half=true) -%}
    {#- interval 1: erf(x) = x * R(y^2); y floored at 1e-100 so that y^2 cannot underflow -#}
    {%- set y1 = 'greatest(' ~ y ~ ', 1.0e-100)' -%}
    {%- set t1 = '(' ~ y1 ~ ' * ' ~ y1 ~ ')' -%}
    {%- set erf1 = microseg.stats_cody_rational(t1, '1.85777706184603153e-1',
        ['3.16112374387056560e0', '1.13864154151050156e2', '3.77485237685302021e2', '3.20937758913846947e3'],
        ['2.36012909523441209e1', '2.44024637934444173e2', '1.28261652607737228e3', '2.84423683343917062e3']) -%}
    {#- interval 2: 0.46875 < y <= 4 -#}
    {%- set erfc2 = microseg.stats_cody_rational(y, '2.15311535474403846e-8',
        ['5.64188496988670089e-1', '8.88314979438837594e0', '6.61191906371416295e1', '2.98635138197400131e2',
         '8.81952221241769090e2', '1.71204761263407058e3', '2.05107837782607147e3', '1.23033935479799725e3'],
        ['1.57449261107098347e1', '1.17693950891312499e2', '5.37181101862009858e2', '1.62138957456669019e3',
         '3.29079923573345963e3', '4.36261909014324716e3', '3.43936767414372164e3', '1.23033935480374942e3']) -%}
    {#- interval 3: 4 < y < 26.543 -#}
    {%- set t3 = '(1.0e0 / (' ~ y ~ ' * ' ~ y ~ '))' -%}
    {%- set tail3 = microseg.stats_cody_rational(t3, '1.63153871373020978e-2',
        ['3.05326634961232344e-1', '3.60344899949804439e-1', '1.25781726111229246e-1', '1.60837851487422766e-2',
         '6.58749161529837803e-4'],
        ['2.56852019228982242e0', '1.87295284992346047e0', '5.27905102951428412e-1', '6.05183413124413191e-2',
         '2.33520497626869185e-3']) -%}
    {%- set erfc3 = '((5.6418958354775628695e-1 - ' ~ t3 ~ ' * ' ~ tail3 ~ ') / ' ~ y ~ ')' -%}
    (case
        when {{ y }} <= 4.6875e-1 then 1.0e0 - {{ xd }} * {{ erf1 }}
        when {{ y }} > 4.6875e-1 then
            (case when {{ xd }} < 0 then 2.0e0 else 0.0e0 end)
            + (case when {{ xd }} < 0 then -1.0e0 else 1.0e0 end)
            * (case
                when {{ y }} <= 4.0e0 then {{ erfc2 }} * {{ gauss }}
                when {{ y }} < 2.6543e1 then {{ erfc3 }} * {{ gauss }}
                else 0.0e0
            end)
    end)
{%- endmacro %}

{#- Complementary error function erfc(x) = 1 - erf(x) in double precision (Cody 1969, see above).
    NULL when x is NULL. -#}
{% macro erfc(x) -%}
    {{ microseg.stats_erfc_double(microseg.stats_double(x)) }}
{%- endmacro %}

{#- Standard normal cumulative distribution function Phi(x) = erfc(-x / sqrt(2)) / 2.
    NULL when x is NULL. -#}
{% macro normal_cdf(x) -%}
    {%- set xd = microseg.stats_double(x) -%}
    (5.0e-1 * {{ microseg.stats_erfc_double('(' ~ xd ~ ' * -7.0710678118654752440e-1)', w=xd) }})
{%- endmacro %}

{#- Standard normal survival function 1 - Phi(x) = erfc(x / sqrt(2)) / 2, computed from the tail
    (normal_sf(10) = 7.62e-24, not 0). NULL when x is NULL. -#}
{% macro normal_sf(x) -%}
    {%- set xd = microseg.stats_double(x) -%}
    (5.0e-1 * {{ microseg.stats_erfc_double('(' ~ xd ~ ' * 7.0710678118654752440e-1)', w=xd) }})
{%- endmacro %}

{#- Two-sided p-value of a standard-normal test statistic z: 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt(2)).
    NULL when z is NULL. The expression repeats z many times: compute z in one CTE and call this
    on the column in the next, rather than passing a long expression. -#}
{% macro normal_two_sided_p_value(z) -%}
    {%- set zd = microseg.stats_double(z) -%}
    {{ microseg.stats_erfc_double('(abs(' ~ zd ~ ') * 7.0710678118654752440e-1)', w=zd) }}
{%- endmacro %}
