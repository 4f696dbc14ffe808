-- Each bound of each rated unit's curve (SPEC section 9, bounds from the rules'
-- `[distribution.*]` as `distribution_rules`): the limit, the actual share (or count), whether it
-- holds, and the fewest employees whose predikat would have to change for it to hold. With N
-- rated employees: for "≤ s", max(0, count − floor(s·N)); for "≥ s", max(0, ceil(s·N) − count);
-- for "≥ k employees", max(0, k − count). A share is whole millionths (`limit_value`), so
-- floor(s·N) is worked in integers: x = limit_value·N, floor = (x − x % 10^6) / 10^6, a whole
-- quotient that ROUND recovers exactly whatever the engine's division; ceil = floor of
-- (x + 10^6 − 1).
WITH bound_counts AS (
    SELECT d.unit_id, b.bound_no, b.bound, b.kind, b.limit_value, b.limit_shown,
           d.rated_employees, COALESCE(SUM(c.employees), 0) AS employees
    FROM distribution d
    JOIN distribution_rules b ON b.org_predikat = d.org_predikat
    JOIN bound_predikat bp ON bp.org_predikat = b.org_predikat AND bp.bound_no = b.bound_no
    LEFT JOIN distribution_counts c ON c.unit_id = d.unit_id AND c.predikat = bp.predikat
    GROUP BY d.unit_id, b.bound_no, b.bound, b.kind, b.limit_value, b.limit_shown,
             d.rated_employees
),
scaled AS (
    SELECT unit_id, bound_no, bound, kind, limit_value, limit_shown, rated_employees, employees,
           limit_value * rated_employees AS x,
           limit_value * rated_employees + 999999 AS y
    FROM bound_counts
),
moves AS (
    SELECT unit_id, bound_no, bound, kind, limit_value, limit_shown, rated_employees, employees,
           CASE WHEN kind = 'at_most'
                     THEN GREATEST(0, employees - CAST(ROUND((x - x % 1000000) / CAST(1000000 AS DOUBLE)) AS BIGINT))
                WHEN kind = 'at_least'
                     THEN GREATEST(0, CAST(ROUND((y - y % 1000000) / CAST(1000000 AS DOUBLE)) AS BIGINT) - employees)
                ELSE GREATEST(0, limit_value - employees) END AS employees_to_move
    FROM scaled
)
SELECT unit_id, bound_no, bound, kind,
       limit_shown AS "limit",
       CASE WHEN kind = 'at_least_employees' THEN CAST(employees AS DOUBLE)
            WHEN rated_employees > 0 THEN CAST(employees AS DOUBLE) / rated_employees END AS actual,
       employees, rated_employees,
       CASE WHEN employees_to_move = 0 THEN TRUE ELSE FALSE END AS holds,
       employees_to_move
FROM moves
ORDER BY unit_id, bound_no
