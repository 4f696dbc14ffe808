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
-- A join on the distinct ids, not `IN (SELECT ...)`: polars 0.55 planned that as a join
-- multiplying the rows (24 GB on the bundled sample).
elsewhere AS (
    SELECT COUNT(*) AS n
    FROM approvals p
    JOIN (SELECT DISTINCT activity_id AS other_id FROM other_activity_ids) o
        ON p.activity_id = o.other_id
    WHERE p.in_period = 1
)
SELECT d.n - h.n - e.n AS unknown_activity_approvals
FROM decided d CROSS JOIN here h CROSS JOIN elsewhere e
