-- Unit figures (SPEC section 6), each twice: over the unit's own employees (`direct`) and over
-- its whole subtree (`rollup`). Money totals are sums of the employees' rounded allowance rows.
WITH scopes AS (
    SELECT unit_id AS unit, unit_id AS member_unit, 'direct' AS scope FROM units
    UNION ALL
    SELECT ancestor_id AS unit, unit_id AS member_unit, 'rollup' AS scope FROM unit_tree
),
unit_scopes AS (
    SELECT DISTINCT unit, scope FROM scopes
),
figures AS (
    SELECT s.unit, s.scope,
           COUNT(*) AS employees,
           SUM(CASE WHEN m.entries > 0 THEN 1 ELSE 0 END) AS employees_with_entries,
           SUM(m.recorded_min) AS recorded_min,
           SUM(m.approved_min) AS approved_min,
           SUM(m.target_min) AS target_min,
           AVG(m.attainment) AS attainment,
           SUM(CASE WHEN m.predikat = 'sangat_baik' THEN 1 ELSE 0 END) AS sangat_baik,
           SUM(CASE WHEN m.predikat = 'baik' THEN 1 ELSE 0 END) AS baik,
           SUM(CASE WHEN m.predikat = 'butuh_perbaikan' THEN 1 ELSE 0 END) AS butuh_perbaikan,
           SUM(CASE WHEN m.predikat = 'kurang' THEN 1 ELSE 0 END) AS kurang,
           SUM(CASE WHEN m.predikat = 'sangat_kurang' THEN 1 ELSE 0 END) AS sangat_kurang,
           SUM(CASE WHEN m.predikat = 'unrated' THEN 1 ELSE 0 END) AS unrated,
           SUM(m.entries) AS entries,
           SUM(m.approved_entries) AS approved_entries,
           SUM(m.rejected_entries) AS rejected_entries,
           SUM(m.pending_entries) AS pending_entries,
           SUM(m.late_entries) AS late_entries,
           SUM(m.pile_up_entries) AS pile_up_entries
    FROM scopes s
    JOIN employee_month m ON m.unit_id = s.member_unit
    GROUP BY s.unit, s.scope
),
money AS (
    SELECT s.unit, s.scope,
           SUM(a.base) AS base, SUM(a.gross) AS gross, SUM(a.bpjs) AS bpjs,
           SUM(a.tax) AS tax, SUM(a.net) AS net
    FROM scopes s
    JOIN allowance a ON a.unit_id = s.member_unit
    GROUP BY s.unit, s.scope
),
decided AS (
    SELECT ro.unit_id, (e.decided_s - e.submitted_s) / 3600.0 AS latency_h
    FROM entries e
    JOIN roster ro ON e.nip = ro.nip
    WHERE e.is_draft = 0 AND e.decided_by IS NOT NULL AND e.submitted_s IS NOT NULL
),
latency AS (
    SELECT s.unit, s.scope,
           QUANTILE_CONT(d.latency_h, 0.5) AS latency_p50_h,
           QUANTILE_CONT(d.latency_h, 0.9) AS latency_p90_h
    FROM scopes s
    JOIN decided d ON d.unit_id = s.member_unit
    GROUP BY s.unit, s.scope
)
SELECT u.unit_id, u.name, u.parent_id, us.scope,
       COALESCE(f.employees, 0) AS employees,
       COALESCE(f.employees_with_entries, 0) AS employees_with_entries,
       COALESCE(f.recorded_min, 0) AS recorded_min,
       COALESCE(f.approved_min, 0) AS approved_min,
       COALESCE(f.target_min, 0) AS target_min,
       CASE WHEN f.target_min > 0 THEN CAST(f.approved_min AS DOUBLE) / f.target_min END AS productivity,
       f.attainment,
       COALESCE(f.sangat_baik, 0) AS sangat_baik,
       COALESCE(f.baik, 0) AS baik,
       COALESCE(f.butuh_perbaikan, 0) AS butuh_perbaikan,
       COALESCE(f.kurang, 0) AS kurang,
       COALESCE(f.sangat_kurang, 0) AS sangat_kurang,
       COALESCE(f.unrated, 0) AS unrated,
       COALESCE(mo.base, 0) AS base,
       COALESCE(mo.gross, 0) AS gross,
       COALESCE(mo.bpjs, 0) AS bpjs,
       COALESCE(mo.tax, 0) AS tax,
       COALESCE(mo.net, 0) AS net,
       COALESCE(f.approved_entries, 0) AS approved_entries,
       COALESCE(f.rejected_entries, 0) AS rejected_entries,
       COALESCE(f.pending_entries, 0) AS pending_entries,
       CASE WHEN f.approved_entries + f.rejected_entries > 0
            THEN CAST(f.approved_entries AS DOUBLE) / (f.approved_entries + f.rejected_entries) END AS approval_rate,
       l.latency_p50_h,
       l.latency_p90_h,
       COALESCE(f.late_entries, 0) AS late_entries,
       CASE WHEN f.entries > 0 THEN CAST(f.pile_up_entries AS DOUBLE) / f.entries END AS pile_up_share
FROM units u
JOIN unit_scopes us ON us.unit = u.unit_id
LEFT JOIN figures f ON f.unit = u.unit_id AND f.scope = us.scope
LEFT JOIN money mo ON mo.unit = u.unit_id AND mo.scope = us.scope
LEFT JOIN latency l ON l.unit = u.unit_id AND l.scope = us.scope
ORDER BY u.unit_id, us.scope
