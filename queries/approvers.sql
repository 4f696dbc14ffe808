-- Per approver (SPEC section 7): decisions on the period's entries up to close, their latency,
-- subordinates' entries still pending at close, and bursts: runs of at least
-- {{ burst_decisions }} decisions within {{ burst_window_s }} seconds.
WITH stats AS (
    SELECT approver_nip,
           COUNT(*) AS decisions,
           SUM(CASE WHEN decision = 'approved' THEN 1 ELSE 0 END) AS approved,
           SUM(CASE WHEN decision = 'rejected' THEN 1 ELSE 0 END) AS rejected,
           QUANTILE_CONT(CASE WHEN submitted_s IS NOT NULL THEN (decided_s - submitted_s) / 3600.0 END, 0.5) AS latency_p50_h,
           QUANTILE_CONT(CASE WHEN submitted_s IS NOT NULL THEN (decided_s - submitted_s) / 3600.0 END, 0.9) AS latency_p90_h,
           MAX(CASE WHEN submitted_s IS NOT NULL THEN (decided_s - submitted_s) / 3600.0 END) AS latency_max_h
    FROM decisions
    GROUP BY approver_nip
),
sequenced AS (
    SELECT approver_nip, decided_s,
           LEAD(decided_s, {{ burst_decisions - 1 }}) OVER (PARTITION BY approver_nip ORDER BY decided_s) AS later_s
    FROM decisions
),
bursts AS (
    SELECT approver_nip,
           SUM(CASE WHEN later_s - decided_s < {{ burst_window_s }} THEN 1 ELSE 0 END) AS burst_windows
    FROM sequenced
    GROUP BY approver_nip
),
pending AS (
    SELECT supervisor_nip AS approver_nip, SUM(pending_entries) AS pending_at_close
    FROM employee_month
    WHERE pending_entries > 0 AND supervisor_nip IS NOT NULL
    GROUP BY supervisor_nip
),
everyone AS (
    SELECT DISTINCT approver_nip FROM (
        SELECT approver_nip FROM stats
        UNION ALL
        SELECT approver_nip FROM pending
    ) both_sides
)
SELECT a.approver_nip,
       ro.name,
       ro.unit_id,
       COALESCE(ro.on_roster, 0) AS in_roster,
       COALESCE(s.decisions, 0) AS decisions,
       COALESCE(s.approved, 0) AS approved,
       COALESCE(s.rejected, 0) AS rejected,
       s.latency_p50_h, s.latency_p90_h, s.latency_max_h,
       COALESCE(p.pending_at_close, 0) AS pending_at_close,
       COALESCE(b.burst_windows, 0) AS burst_windows,
       COALESCE(b.burst_windows, 0) > 0 AS has_burst
FROM everyone a
LEFT JOIN stats s ON a.approver_nip = s.approver_nip
LEFT JOIN pending p ON a.approver_nip = p.approver_nip
LEFT JOIN bursts b ON a.approver_nip = b.approver_nip
LEFT JOIN (SELECT nip AS roster_nip, name, unit_id, 1 AS on_roster FROM roster) ro ON a.approver_nip = ro.roster_nip
ORDER BY a.approver_nip
