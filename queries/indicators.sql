-- Attainment per SKP indicator (SPEC section 4): realised volume of counted, approved entries
-- against the target; "lower is better" indicators score 2 - R/T; capped.
WITH realised AS (
    SELECT nip, indicator_id, SUM(volume) AS realised
    FROM entries
    WHERE counts_minutes = 1 AND decision = 'approved' AND in_roster = 1 AND indicator_id IS NOT NULL
    GROUP BY nip, indicator_id
),
scored AS (
    SELECT t.nip, t.indicator_id, t.description, t.output_unit,
           COALESCE(t.direction, 'higher') AS direction,
           t.target,
           COALESCE(t.weight, 1.0) AS weight,
           COALESCE(r.realised, 0.0) AS realised
    FROM targets t
    JOIN roster ro ON t.nip = ro.nip
    LEFT JOIN realised r ON t.nip = r.nip AND t.indicator_id = r.indicator_id
)
SELECT nip, indicator_id, description, output_unit, direction, target, weight, realised,
       LEAST(
           CASE WHEN direction = 'lower' THEN GREATEST(0.0, 2.0 - realised / target)
                ELSE realised / target END,
           {{ attainment_cap }}
       ) AS attainment
FROM scored
ORDER BY nip, indicator_id
