-- Unit figures (SPEC section 6), each twice: over the unit's own employees (`direct`) and over
-- its whole subtree (`rollup`, see `unit_scopes`). Money totals are sums of the employees' rounded
-- allowance rows; latency percentiles come from `unit_latency`. Minutes and counts are summed as
-- BIGINT: a region's or a ministry's rollup passes 2^31 minutes.
WITH scoped_units AS (
    SELECT DISTINCT scope_no, unit, scope FROM unit_scopes
),
figures AS (
    SELECT s.scope_no,
           COUNT(*) AS employees,
           SUM(CAST(CASE WHEN m.entries > 0 THEN 1 ELSE 0 END AS BIGINT)) AS employees_with_entries,
           SUM(CAST(m.recorded_min AS BIGINT)) AS recorded_min,
           SUM(CAST(m.approved_min AS BIGINT)) AS approved_min,
           SUM(CAST(m.target_min AS BIGINT)) AS target_min,
           AVG(m.attainment) AS attainment,
           SUM(CAST(CASE WHEN m.predikat = 'sangat_baik' THEN 1 ELSE 0 END AS BIGINT)) AS sangat_baik,
           SUM(CAST(CASE WHEN m.predikat = 'baik' THEN 1 ELSE 0 END AS BIGINT)) AS baik,
           SUM(CAST(CASE WHEN m.predikat = 'butuh_perbaikan' THEN 1 ELSE 0 END AS BIGINT)) AS butuh_perbaikan,
           SUM(CAST(CASE WHEN m.predikat = 'kurang' THEN 1 ELSE 0 END AS BIGINT)) AS kurang,
           SUM(CAST(CASE WHEN m.predikat = 'sangat_kurang' THEN 1 ELSE 0 END AS BIGINT)) AS sangat_kurang,
           SUM(CAST(CASE WHEN m.predikat = 'unrated' THEN 1 ELSE 0 END AS BIGINT)) AS unrated,
           SUM(CAST(m.entries AS BIGINT)) AS entries,
           SUM(CAST(m.approved_entries AS BIGINT)) AS approved_entries,
           SUM(CAST(m.rejected_entries AS BIGINT)) AS rejected_entries,
           SUM(CAST(m.pending_entries AS BIGINT)) AS pending_entries,
           SUM(CAST(m.late_entries AS BIGINT)) AS late_entries,
           SUM(CAST(m.pile_up_entries AS BIGINT)) AS pile_up_entries
    FROM unit_scopes s
    JOIN employee_month m ON m.unit_id = s.member_unit
    GROUP BY s.scope_no
),
money AS (
    SELECT s.scope_no,
           SUM(a.base) AS base, SUM(a.gross) AS gross, SUM(a.bpjs) AS bpjs,
           SUM(a.tax) AS tax, SUM(a.net) AS net
    FROM unit_scopes s
    JOIN allowance a ON a.unit_id = s.member_unit
    GROUP BY s.scope_no
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
JOIN scoped_units us ON us.unit = u.unit_id
LEFT JOIN figures f ON f.scope_no = us.scope_no
LEFT JOIN money mo ON mo.scope_no = us.scope_no
LEFT JOIN unit_latency l ON l.scope_no = us.scope_no
ORDER BY u.unit_id, us.scope
