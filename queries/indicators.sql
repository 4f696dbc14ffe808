-- Attainment per SKP indicator (SPEC section 4): realised volume of counted, approved entries
-- against the target; "lower is better" indicators score 2 - R/T; capped. Volumes, targets
-- and weights are integer millionths (exact sums); `target`, `weight`, `realised` and
-- `attainment` are doubles for reading. The employee's attainment and the work result it
-- derives are computed exactly from the `_micro` columns (src/compute/attainment.rs).
WITH realised AS (
    SELECT nip, indicator_id, SUM(volume_micro) AS realised_micro
    FROM entries
    WHERE counts_minutes = 1 AND decision = 'approved' AND in_roster = 1 AND indicator_id IS NOT NULL
    GROUP BY nip, indicator_id
),
scored AS (
    SELECT t.nip, t.indicator_id, t.description, t.output_unit,
           COALESCE(t.direction, 'higher') AS direction,
           t.target_micro,
           COALESCE(t.weight_micro, 1000000) AS weight_micro,
           COALESCE(r.realised_micro, 0) AS realised_micro
    FROM targets t
    JOIN roster ro ON t.nip = ro.nip
    LEFT JOIN realised r ON t.nip = r.nip AND t.indicator_id = r.indicator_id
)
SELECT nip, indicator_id, description, output_unit, direction,
       target_micro / 1000000.0 AS target,
       weight_micro / 1000000.0 AS weight,
       realised_micro / 1000000.0 AS realised,
       LEAST(
           CASE WHEN direction = 'lower'
                THEN GREATEST(0.0, 2.0 - CAST(realised_micro AS DOUBLE) / target_micro)
                ELSE CAST(realised_micro AS DOUBLE) / target_micro END,
           {{ attainment_cap }}
       ) AS attainment,
       target_micro, weight_micro, realised_micro
FROM scored
ORDER BY nip, indicator_id
