-- Employee-month figures (SPEC sections 3, 4 and 7): minutes, targets, productivity,
-- attainment, predikat, entry counts, discipline and integrity signals, one row per employee
-- of the period's roster.
WITH calendar_totals AS (
    SELECT SUM(is_workday) AS workdays FROM calendar
),
own AS (
    SELECT * FROM entries WHERE in_roster = 1 AND is_draft = 0
),
-- Keyed by `employee_day` (the employee and the day in one integer, see `entries`) and
-- `description_key` (the employee and the description's text in one integer), not by pairs of
-- columns: polars groups and joins by one integer column several times faster.
-- A day's minutes are also taken apart for the change since last month (SPEC section 10):
-- logged (late entries included) = recorded + late-excluded, and recorded = approved + rejected
-- + pending, each step the capped day before minus the capped day after, so the parts add up
-- exactly under the daily cap.
days AS (
    SELECT MIN(nip) AS nip,
           SUM(duration) AS day_logged,
           SUM(CASE WHEN counts_minutes = 1 THEN duration ELSE 0 END) AS day_total,
           SUM(CASE WHEN counts_minutes = 1 AND decision <> 'rejected' THEN duration ELSE 0 END)
               AS day_not_rejected,
           SUM(CASE WHEN counts_minutes = 1 AND decision = 'approved' THEN duration ELSE 0 END)
               AS day_approved
    FROM entries
    WHERE in_roster = 1 AND is_draft = 0
    GROUP BY employee_day
),
minutes AS (
    SELECT nip,
           SUM(LEAST(day_logged, {{ daily_cap_min }})) AS logged_min,
           SUM(LEAST(day_total, {{ daily_cap_min }})) AS recorded_min,
           SUM(LEAST(day_not_rejected, {{ daily_cap_min }})) AS not_rejected_min,
           SUM(LEAST(day_approved, {{ daily_cap_min }})) AS approved_min,
           SUM(CASE WHEN day_total > {{ daily_cap_min }} THEN 1 ELSE 0 END) AS over_cap_days
    FROM days
    GROUP BY nip
),
repeated AS (
    SELECT MIN(nip) AS nip, COUNT(*) AS times FROM own GROUP BY description_key
),
-- An entry is a duplicate when its employee wrote the same description at least N times, so
-- an employee's duplicates are the sizes of such groups added up: no join back to the entries.
duplicates AS (
    SELECT nip,
           SUM(CASE WHEN times >= {{ duplicate_min_count }} THEN CAST(times AS INTEGER) ELSE 0 END)
               AS duplicate_entries
    FROM repeated
    GROUP BY nip
),
counts AS (
    SELECT o.nip,
           COUNT(*) AS entries,
           SUM(CASE WHEN o.decision = 'approved' THEN 1 ELSE 0 END) AS approved_entries,
           SUM(CASE WHEN o.decision = 'rejected' THEN 1 ELSE 0 END) AS rejected_entries,
           SUM(CASE WHEN o.decision = 'pending' THEN 1 ELSE 0 END) AS pending_entries,
           SUM(o.is_late) AS late_entries,
           SUM(o.self_approvals) AS self_approvals,
           SUM(CASE WHEN o.submitted_day >= {{ pile_up_from_day }} THEN 1 ELSE 0 END) AS pile_up_entries,
           SUM(CASE WHEN o.decided_by IS NOT NULL
                     AND (ro.supervisor_nip IS NULL OR o.decided_by <> ro.supervisor_nip) THEN 1 ELSE 0 END)
               AS non_supervisor_approvals,
           SUM(CASE WHEN o.decided_s < o.submitted_s THEN 1 ELSE 0 END) AS decided_before_submission,
           SUM(CASE WHEN c.is_workday = 0 THEN 1 ELSE 0 END) AS non_workday_entries
    FROM own o
    JOIN roster ro ON o.nip = ro.nip
    JOIN calendar c ON o.day = c.day
    GROUP BY o.nip
),
drafts AS (
    SELECT nip, COUNT(*) AS drafts FROM entries WHERE in_roster = 1 AND is_draft = 1 GROUP BY nip
),
latency AS (
    SELECT nip, QUANTILE_CONT((decided_s - submitted_s) / 3600.0, 0.5) AS latency_p50_h
    FROM own
    WHERE decided_by IS NOT NULL AND submitted_s IS NOT NULL
    GROUP BY nip
),
-- Ranges that end before they start intersect nothing.
timed AS (
    SELECT nip, employee_day, activity_no, start_min, end_min
    FROM own
    WHERE start_min IS NOT NULL AND end_min IS NOT NULL AND start_min < end_min
),
overlapping AS (
    SELECT a.nip, COUNT(DISTINCT a.activity_no) AS overlapping_entries
    FROM timed a
    JOIN timed b ON a.employee_day = b.employee_day
    WHERE a.activity_no <> b.activity_no AND a.start_min < b.end_min AND b.start_min < a.end_min
    GROUP BY a.nip
),
attendance_month AS (
    SELECT a.nip,
           SUM(CASE WHEN c.is_workday = 1 AND a.status IN ('leave', 'sick', 'permit') THEN 1 ELSE 0 END) AS excused_days,
           SUM(CASE WHEN c.is_workday = 1 AND a.status = 'absent' THEN 1 ELSE 0 END) AS absent_days,
           -- Discipline cuts in millionths of a percent, so the sum is exact.
           SUM(CASE {% for b in brackets %}WHEN a.late_min >= {{ b.from }}{% if b.to is not none %} AND a.late_min <= {{ b.to }}{% endif %} THEN {{ b.upct }} {% endfor %}ELSE 0 END)
             + SUM(CASE {% for b in brackets %}WHEN a.early_leave_min >= {{ b.from }}{% if b.to is not none %} AND a.early_leave_min <= {{ b.to }}{% endif %} THEN {{ b.upct }} {% endfor %}ELSE 0 END)
             + SUM(a.missing_checkout) * {{ missing_checkout_upct }} AS lateness_upct
    FROM attendance a
    JOIN calendar c ON a.day = c.day
    GROUP BY a.nip
),
rated AS (
    SELECT ro.nip, e.evaluation_period,
{% if missing_evaluation == "derive" %}
           -- Derived from attainment, compared exactly (src/compute/attainment.rs); no
           -- indicators: meets.
           COALESCE(e.work_result, att.derived_work_result, 'meets') AS work_result,
           COALESCE(e.behaviour, 'meets') AS behaviour
{% else %}
           e.work_result AS work_result,
           e.behaviour AS behaviour
{% endif %}
    FROM roster ro
    LEFT JOIN evaluations e ON ro.nip = e.nip
    LEFT JOIN attainment att ON ro.nip = att.nip
),
joined AS (
    SELECT ro.nip, ro.name, ro.unit_id, ro.supervisor_nip,
           w.workdays,
           COALESCE(am.excused_days, 0) AS excused_days,
           COALESCE(am.absent_days, 0) AS absent_days,
           (w.workdays - COALESCE(am.excused_days, 0)) * {{ daily_target_min }} AS target_min,
           COALESCE(m.recorded_min, 0) AS recorded_min,
           COALESCE(m.approved_min, 0) AS approved_min,
           COALESCE(m.logged_min, 0) - COALESCE(m.recorded_min, 0) AS late_excluded_min,
           COALESCE(m.recorded_min, 0) - COALESCE(m.not_rejected_min, 0) AS rejected_min,
           COALESCE(m.not_rejected_min, 0) - COALESCE(m.approved_min, 0) AS pending_min,
           att.attainment,
           rt.work_result, rt.behaviour, rt.evaluation_period,
           COALESCE(ct.entries, 0) AS entries,
           COALESCE(dr.drafts, 0) AS drafts,
           COALESCE(ct.approved_entries, 0) AS approved_entries,
           COALESCE(ct.rejected_entries, 0) AS rejected_entries,
           COALESCE(ct.pending_entries, 0) AS pending_entries,
           COALESCE(ct.late_entries, 0) AS late_entries,
           COALESCE(ct.self_approvals, 0) AS self_approvals,
           COALESCE(m.over_cap_days, 0) AS over_cap_days,
           COALESCE(ct.pile_up_entries, 0) AS pile_up_entries,
           COALESCE(du.duplicate_entries, 0) AS duplicate_entries,
           COALESCE(ct.non_supervisor_approvals, 0) AS non_supervisor_approvals,
           COALESCE(ct.decided_before_submission, 0) AS decided_before_submission,
           COALESCE(ct.non_workday_entries, 0) AS non_workday_entries,
           COALESCE(ov.overlapping_entries, 0) AS overlapping_entries,
           lt.latency_p50_h,
           LEAST(COALESCE(am.lateness_upct, 0) + COALESCE(am.absent_days, 0) * {{ absent_upct }}, {{ discipline_cap_upct }}) AS discipline_upct,
           CASE WHEN am.absent_days IS NULL THEN 0 ELSE 1 END AS attendance_rows_known
    FROM roster ro
    CROSS JOIN calendar_totals w
    LEFT JOIN minutes m ON ro.nip = m.nip
    LEFT JOIN counts ct ON ro.nip = ct.nip
    LEFT JOIN duplicates du ON ro.nip = du.nip
    LEFT JOIN drafts dr ON ro.nip = dr.nip
    LEFT JOIN latency lt ON ro.nip = lt.nip
    LEFT JOIN overlapping ov ON ro.nip = ov.nip
    LEFT JOIN attendance_month am ON ro.nip = am.nip
    LEFT JOIN attainment att ON ro.nip = att.nip
    LEFT JOIN rated rt ON ro.nip = rt.nip
)
SELECT nip, name, unit_id, supervisor_nip, workdays, excused_days, absent_days, target_min,
       recorded_min, approved_min, late_excluded_min, rejected_min, pending_min,
       CASE WHEN target_min > 0 THEN CAST(approved_min AS DOUBLE) / target_min END AS productivity,
       attainment,
       -- PermenPANRB 6/2022: work result (rows) by work behaviour (columns).
       CASE WHEN work_result IS NULL OR behaviour IS NULL THEN 'unrated'
            WHEN work_result = 'above' AND behaviour = 'above' THEN 'sangat_baik'
            WHEN work_result IN ('above', 'meets') AND behaviour = 'below' THEN 'kurang'
            WHEN work_result IN ('above', 'meets') THEN 'baik'
            WHEN behaviour = 'below' THEN 'sangat_kurang'
            ELSE 'butuh_perbaikan' END AS predikat,
       work_result, behaviour,
       -- The period of the evaluation that rated the employee: the period's own, or an earlier
       -- one carried (SPEC 13); null when none (unrated, or derived from attainment).
       evaluation_period,
       COALESCE(evaluation_period <> '{{ period }}', FALSE) AS carried_evaluation,
       entries, drafts, approved_entries, rejected_entries, pending_entries, late_entries,
       self_approvals, over_cap_days,
       CASE WHEN entries > 0 THEN CAST(pile_up_entries AS DOUBLE) / entries END AS pile_up_share,
       CASE WHEN entries > 0 THEN CAST(duplicate_entries AS DOUBLE) / entries END AS duplicate_share,
       pile_up_entries, duplicate_entries,
       non_supervisor_approvals, decided_before_submission, non_workday_entries, overlapping_entries,
       latency_p50_h,
       discipline_upct,
       CAST(discipline_upct AS DOUBLE) / 1000000.0 AS discipline_pct,
       attendance_rows_known = 1 AS attendance_known
FROM joined
ORDER BY nip
