-- Approval latency p50 and p90 in hours per unit and scope (`scope_no` of `unit_scopes`, SPEC
-- section 6): linear interpolation between closest ranks, as numpy's default, over the decided
-- entries of the units the scope covers.
SELECT s.scope_no,
       QUANTILE_CONT(l.latency_h, 0.5) AS latency_p50_h,
       QUANTILE_CONT(l.latency_h, 0.9) AS latency_p90_h
FROM unit_scopes s
JOIN entry_latency l ON l.unit_id = s.member_unit
GROUP BY s.scope_no
