-- Logging compliance per employee-month and the coaching score (SPEC section 7). Expected days
-- are the workdays on which the employee was not excused (leave, sick, permit: as
-- `employee_month` counts `excused_days`); a logged day is an expected day with at least one
-- non-draft entry. The longest gap is the longest run of consecutive expected days without an
-- entry: days that are not expected (weekends, holidays, excused days) neither count nor break
-- a run. Numbered in order among the employee's expected days and among the unlogged ones, a
-- run's days share the difference of the two numbers (gaps and islands). Tiers compare
-- logged · 10^6 with the rules' share in millionths · expected: exact.
WITH excused AS (
    SELECT DISTINCT a.nip, a.day
    FROM attendance a
    JOIN calendar c ON a.day = c.day
    WHERE c.is_workday = 1 AND a.status IN ('leave', 'sick', 'permit')
),
workdays AS (
    SELECT day FROM calendar WHERE is_workday = 1
),
-- Every employee's workdays (`employee_month` has a row per roster employee).
grid AS (
    SELECT em.nip, w.day FROM employee_month em CROSS JOIN workdays w
),
expected AS (
    SELECT g.nip, g.day
    FROM grid g
    LEFT JOIN excused e ON e.nip = g.nip AND e.day = g.day
    WHERE e.nip IS NULL
),
logged AS (
    SELECT DISTINCT nip, day FROM entries WHERE in_roster = 1 AND is_draft = 0
),
marked AS (
    SELECT x.nip, x.day, CASE WHEN l.nip IS NULL THEN 0 ELSE 1 END AS is_logged
    FROM expected x
    LEFT JOIN logged l ON l.nip = x.nip AND l.day = x.day
),
numbered AS (
    SELECT nip, is_logged,
           ROW_NUMBER() OVER (PARTITION BY nip ORDER BY day) AS n_expected,
           ROW_NUMBER() OVER (PARTITION BY nip, is_logged ORDER BY day) AS n_same
    FROM marked
),
runs AS (
    SELECT nip, n_expected - n_same AS run, COUNT(*) AS days
    FROM numbered
    WHERE is_logged = 0
    GROUP BY nip, n_expected - n_same
),
longest AS (
    SELECT nip, MAX(days) AS longest_gap FROM runs GROUP BY nip
),
days AS (
    SELECT nip, COUNT(*) AS expected_days, SUM(is_logged) AS logged_days
    FROM marked
    GROUP BY nip
),
scored AS (
    SELECT em.nip, em.name, em.unit_id, em.supervisor_nip,
           COALESCE(d.expected_days, 0) AS expected_days,
           COALESCE(d.logged_days, 0) AS logged_days,
           COALESCE(lg.longest_gap, 0) AS longest_gap,
           CASE WHEN COALESCE(d.expected_days, 0) = 0 THEN 'none'
                WHEN d.logged_days * 1000000 >= {{ compliance_green_micro }} * d.expected_days THEN 'green'
                WHEN d.logged_days * 1000000 >= {{ compliance_amber_micro }} * d.expected_days THEN 'amber'
                ELSE 'red' END AS tier,
           em.entries, em.pending_entries,
           CASE WHEN ev.nip IS NULL THEN 1 ELSE 0 END AS no_evaluation
    FROM employee_month em
    LEFT JOIN days d ON d.nip = em.nip
    LEFT JOIN longest lg ON lg.nip = em.nip
    LEFT JOIN evaluations ev ON ev.nip = em.nip
)
SELECT nip, name, unit_id, supervisor_nip, expected_days, logged_days,
       CASE WHEN expected_days > 0 THEN CAST(logged_days AS DOUBLE) / expected_days END AS compliance,
       longest_gap, tier,
       CASE WHEN entries = 0 THEN 40 ELSE 0 END
         + CASE WHEN longest_gap >= {{ compliance_gap_days }} THEN 20 ELSE 0 END
         + CASE WHEN tier = 'red' THEN 15 WHEN tier = 'amber' THEN 5 ELSE 0 END
         + CASE WHEN no_evaluation = 1 THEN 10 ELSE 0 END
         + CASE WHEN pending_entries >= 10 THEN 5 ELSE 0 END AS score,
       entries, pending_entries, no_evaluation
FROM scored
ORDER BY score DESC, nip
