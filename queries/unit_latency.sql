-- Approval latency p50 and p90 in hours per unit and scope (SPEC section 6), over the decided
-- entries of the units the scope covers, by linear interpolation between closest ranks as
-- numpy's default: at position pos = q (n - 1) of the sorted latencies, x[floor(pos)] plus
-- (pos - floor(pos)) times the step to the next one. The entries come counted per latency, so
-- the latency at 0-based rank k is the smallest whose running count passes k.
WITH counted AS (
    SELECT s.unit, s.scope, l.latency_s, SUM(l.entries) AS entries
    FROM unit_scopes s
    JOIN entry_latency l ON l.unit_id = s.member_unit
    GROUP BY s.unit, s.scope, l.latency_s
),
running AS (
    SELECT unit, scope, latency_s,
           SUM(entries) OVER (PARTITION BY unit, scope ORDER BY latency_s
                              ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS through,
           CAST(SUM(entries) OVER (PARTITION BY unit, scope) - 1 AS DOUBLE) AS last_rank
    FROM counted
),
positioned AS (
    SELECT unit, scope, latency_s, through,
           last_rank * 0.5 AS pos_50, last_rank * 0.9 AS pos_90
    FROM running
),
neighbours AS (
    SELECT unit, scope,
           MAX(pos_50) AS pos_50,
           MIN(CASE WHEN through > FLOOR(pos_50) THEN latency_s END) / 3600.0 AS lower_50,
           MIN(CASE WHEN through > FLOOR(pos_50) + 1 THEN latency_s END) / 3600.0 AS upper_50,
           MAX(pos_90) AS pos_90,
           MIN(CASE WHEN through > FLOOR(pos_90) THEN latency_s END) / 3600.0 AS lower_90,
           MIN(CASE WHEN through > FLOOR(pos_90) + 1 THEN latency_s END) / 3600.0 AS upper_90
    FROM positioned
    GROUP BY unit, scope
)
SELECT unit, scope,
       CASE WHEN upper_50 IS NULL OR upper_50 = lower_50 THEN lower_50
            ELSE (pos_50 - FLOOR(pos_50)) * (upper_50 - lower_50) + lower_50 END AS latency_p50_h,
       CASE WHEN upper_90 IS NULL OR upper_90 = lower_90 THEN lower_90
            ELSE (pos_90 - FLOOR(pos_90)) * (upper_90 - lower_90) + lower_90 END AS latency_p90_h
FROM neighbours
