-- Each rated employee counted under the nearest unit at or above their own that has a rating for
-- the period (SPEC section 9), per predikat: the counts `distribution` and `distribution_bounds`
-- read. An employee without a predikat (`unrated`) counts nowhere.
WITH candidates AS (
    SELECT em.nip, em.predikat, t.ancestor_id AS unit_id, t.depth
    FROM employee_month em
    JOIN unit_tree t ON t.unit_id = em.unit_id
    JOIN unit_ratings r ON r.unit_id = t.ancestor_id
    WHERE em.predikat <> 'unrated'
),
nearest AS (
    SELECT nip, MIN(depth) AS depth FROM candidates GROUP BY nip
)
SELECT c.unit_id, c.predikat, COUNT(*) AS employees
FROM candidates c
JOIN nearest n ON n.nip = c.nip AND n.depth = c.depth
GROUP BY c.unit_id, c.predikat
ORDER BY c.unit_id, c.predikat
