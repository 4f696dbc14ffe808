-- What the period's data holds beyond the roster: entries of people not on it and approvals of
-- activities that do not exist anywhere in the warehouse; the year's holidays' source; units
-- kept as roots although the parent they name is outside the snapshot (unknown_parent = "root").
WITH entry_counts AS (
    SELECT COUNT(*) AS activities,
           SUM(CASE WHEN in_roster = 0 THEN 1 ELSE 0 END) AS unknown_employee_entries
    FROM entries
),
orphan_counts AS (
    SELECT SUM(unknown_activity_approvals) AS unknown_activity_approvals FROM orphan_approvals
),
roster_counts AS (
    SELECT COUNT(*) AS employees FROM roster
),
made_root_list AS (
    SELECT COUNT(*) AS units_kept_as_roots,
           STRING_AGG(unit_id || ' (' || parent_id || ')', ', ' ORDER BY unit_id) AS units_kept_as_roots_list
    FROM made_roots
)
SELECT '{{ period }}' AS period,
       '{{ snapshot }}' AS roster_snapshot,
       r.employees,
       e.activities,
       e.unknown_employee_entries,
       o.unknown_activity_approvals,
       {{ input_files }} AS input_files,
       '{{ holidays_source }}' AS holidays_source,
       m.units_kept_as_roots,
       m.units_kept_as_roots_list
FROM entry_counts e
CROSS JOIN orphan_counts o
CROSS JOIN roster_counts r
CROSS JOIN made_root_list m
