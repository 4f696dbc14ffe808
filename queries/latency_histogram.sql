-- How long decided entries waited for their deciding approval, in buckets of hours
-- (1: under 4, 2: 4-8, 3: 8-24, 4: 24-48, 5: 48-72, 6: 72-168, 7: a week or more).
WITH bucketed AS (
    SELECT CASE WHEN latency_s < 4 * 3600 THEN 1 WHEN latency_s < 8 * 3600 THEN 2
                WHEN latency_s < 24 * 3600 THEN 3 WHEN latency_s < 48 * 3600 THEN 4
                WHEN latency_s < 72 * 3600 THEN 5 WHEN latency_s < 168 * 3600 THEN 6
                ELSE 7 END AS bucket,
           entries
    FROM entry_latency
)
SELECT bucket, SUM(entries) AS entries FROM bucketed GROUP BY bucket ORDER BY bucket
