-- Approvals decided in the period whose activity exists nowhere in the warehouse, counted.
-- A bucketed run counts each bucket apart: `dataset` adds the counts up.
SELECT COUNT(*) AS unknown_activity_approvals
FROM approvals_in_period p
LEFT JOIN (SELECT activity_id AS known_id, 1 AS known FROM all_activity_ids) k
    ON p.activity_id = k.known_id
WHERE k.known IS NULL
