-- Per rated unit (SPEC section 9): its organisational predikat and the spread of its rated
-- employees' predikat, as counts and as shares of the rated employees.
WITH spread AS (
    SELECT r.unit_id, r.org_predikat,
           COALESCE(SUM(c.employees), 0) AS rated_employees,
           COALESCE(SUM(CASE WHEN c.predikat = 'sangat_baik' THEN c.employees ELSE 0 END), 0) AS sangat_baik,
           COALESCE(SUM(CASE WHEN c.predikat = 'baik' THEN c.employees ELSE 0 END), 0) AS baik,
           COALESCE(SUM(CASE WHEN c.predikat = 'butuh_perbaikan' THEN c.employees ELSE 0 END), 0) AS butuh_perbaikan,
           COALESCE(SUM(CASE WHEN c.predikat = 'kurang' THEN c.employees ELSE 0 END), 0) AS kurang,
           COALESCE(SUM(CASE WHEN c.predikat = 'sangat_kurang' THEN c.employees ELSE 0 END), 0) AS sangat_kurang
    FROM unit_ratings r
    LEFT JOIN distribution_counts c ON c.unit_id = r.unit_id
    GROUP BY r.unit_id, r.org_predikat
)
SELECT unit_id, org_predikat, rated_employees,
       sangat_baik,
       CASE WHEN rated_employees > 0 THEN CAST(sangat_baik AS DOUBLE) / rated_employees END AS sangat_baik_share,
       baik,
       CASE WHEN rated_employees > 0 THEN CAST(baik AS DOUBLE) / rated_employees END AS baik_share,
       butuh_perbaikan,
       CASE WHEN rated_employees > 0 THEN CAST(butuh_perbaikan AS DOUBLE) / rated_employees END AS butuh_perbaikan_share,
       kurang,
       CASE WHEN rated_employees > 0 THEN CAST(kurang AS DOUBLE) / rated_employees END AS kurang_share,
       sangat_kurang,
       CASE WHEN rated_employees > 0 THEN CAST(sangat_kurang AS DOUBLE) / rated_employees END AS sangat_kurang_share
FROM spread
ORDER BY unit_id
