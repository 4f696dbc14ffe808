-- Each bound of each rated unit's curve (SPEC section 9, bounds from the rules'
-- `[distribution.*]` as `distribution_rules`): the limit, the actual share (or count), whether it
-- holds, and the fewest employees whose predikat would have to change for it to hold. With N
-- rated employees: for "≤ s", max(0, count − floor(s·N)); for "≥ s", max(0, ceil(s·N) − count);
-- for "≥ k employees", max(0, k − count). A share is whole millionths (`limit_value`), so
-- s·N / 10^6 is a quotient of integers far below 2^53 and its floor and ceiling are exact.
WITH bound_counts AS (
    SELECT d.unit_id, b.bound_no, b.bound, b.kind, b.limit_value, d.rated_employees,
           COALESCE(SUM(c.employees), 0) AS employees
    FROM distribution d
    JOIN distribution_rules b ON b.org_predikat = d.org_predikat
    JOIN bound_predikat bp ON bp.org_predikat = b.org_predikat AND bp.bound_no = b.bound_no
    LEFT JOIN distribution_counts c ON c.unit_id = d.unit_id AND c.predikat = bp.predikat
    GROUP BY d.unit_id, b.bound_no, b.bound, b.kind, b.limit_value, d.rated_employees
),
moves AS (
    SELECT unit_id, bound_no, bound, kind, limit_value, rated_employees, employees,
           CASE WHEN kind = 'at_most'
                     THEN GREATEST(0, employees - CAST(FLOOR(limit_value * rated_employees / 1000000.0) AS BIGINT))
                WHEN kind = 'at_least'
                     THEN GREATEST(0, CAST(CEIL(limit_value * rated_employees / 1000000.0) AS BIGINT) - employees)
                ELSE GREATEST(0, limit_value - employees) END AS employees_to_move
    FROM bound_counts
)
SELECT unit_id, bound_no, bound, kind,
       CASE WHEN kind = 'at_least_employees' THEN CAST(limit_value AS DOUBLE)
            ELSE limit_value / 1000000.0 END AS "limit",
       CASE WHEN kind = 'at_least_employees' THEN CAST(employees AS DOUBLE)
            WHEN rated_employees > 0 THEN CAST(employees AS DOUBLE) / rated_employees END AS actual,
       employees, rated_employees,
       CASE WHEN employees_to_move = 0 THEN TRUE ELSE FALSE END AS holds,
       employees_to_move
FROM moves
ORDER BY unit_id, bound_no
