-- Decided entries of roster employees whose submission time is known, counted per unit and
-- approval latency in seconds (decided_at - submitted_at of the deciding approval, SPEC
-- section 6). Counts rather than a row per entry, so a large subtree's percentiles read a row
-- per distinct latency. A unit and latency may come on several rows (a bucketed run counts
-- each bucket apart): readers add the counts up.
WITH decided AS (
    SELECT ro.unit_id, e.decided_s - e.submitted_s AS latency_s
    FROM entries e
    JOIN roster ro ON e.nip = ro.nip
    WHERE e.is_draft = 0 AND e.decided_by IS NOT NULL AND e.submitted_s IS NOT NULL
)
SELECT unit_id, latency_s, COUNT(*) AS entries
FROM decided
GROUP BY unit_id, latency_s
