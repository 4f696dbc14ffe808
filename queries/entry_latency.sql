-- Every decided entry of a roster employee whose submission time is known, with its approval
-- latency in hours (decided_at - submitted_at of the deciding approval, SPEC section 6) and the
-- employee's unit.
SELECT ro.unit_id, (e.decided_s - e.submitted_s) / 3600.0 AS latency_h
FROM entries e
JOIN roster ro ON e.nip = ro.nip
WHERE e.is_draft = 0 AND e.decided_by IS NOT NULL AND e.submitted_s IS NOT NULL
