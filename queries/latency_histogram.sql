-- How long decided entries waited for their deciding approval, in buckets of hours
-- (1: under 4, 2: 4-8, 3: 8-24, 4: 24-48, 5: 48-72, 6: 72-168, 7: a week or more).
WITH bucketed AS (
    SELECT CASE WHEN latency_h < 4 THEN 1 WHEN latency_h < 8 THEN 2 WHEN latency_h < 24 THEN 3
                WHEN latency_h < 48 THEN 4 WHEN latency_h < 72 THEN 5 WHEN latency_h < 168 THEN 6
                ELSE 7 END AS bucket
    FROM entry_latency
)
SELECT bucket, COUNT(*) AS entries FROM bucketed GROUP BY bucket ORDER BY bucket
