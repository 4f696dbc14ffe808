-- Approvals decided in the period whose activity exists nowhere in the warehouse, counted.
-- Activity ids are unique across the warehouse, so each approval matches at most one activity:
-- this period's (a row of `linked`) or another period's. A bucketed run counts each bucket
-- apart: `dataset` adds the counts up.
WITH decided AS (
    SELECT COUNT(*) AS n FROM approvals WHERE in_period = 1
),
here AS (
    SELECT COUNT(*) AS n FROM linked WHERE in_period = 1
),
elsewhere AS (
    SELECT COUNT(*) AS n
    FROM approvals
    WHERE in_period = 1 AND activity_id IN (SELECT activity_id FROM other_activity_ids)
)
SELECT d.n - h.n - e.n AS unknown_activity_approvals
FROM decided d CROSS JOIN here h CROSS JOIN elsewhere e
