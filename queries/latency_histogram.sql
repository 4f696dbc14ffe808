-- How long decided entries waited for their deciding approval, in buckets of hours
-- (1: under 4, 2: 4-8, 3: 8-24, 4: 24-48, 5: 48-72, 6: 72-168, 7: a week or more).
WITH decided AS (
    SELECT (decided_s - submitted_s) / 3600.0 AS hours
    FROM entries
    WHERE in_roster = 1 AND is_draft = 0 AND decided_by IS NOT NULL AND submitted_s IS NOT NULL
),
bucketed AS (
    SELECT CASE WHEN hours < 4 THEN 1 WHEN hours < 8 THEN 2 WHEN hours < 24 THEN 3
                WHEN hours < 48 THEN 4 WHEN hours < 72 THEN 5 WHEN hours < 168 THEN 6
                ELSE 7 END AS bucket
    FROM decided
)
SELECT bucket, COUNT(*) AS entries FROM bucketed GROUP BY bucket ORDER BY bucket
