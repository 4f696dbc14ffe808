-- Integrity and timeliness per employee (SPEC section 7). None of these changes a payment;
-- `flags` counts the signals raised, for ranking where to look first.
SELECT nip, name, unit_id,
       over_cap_days, overlapping_entries, non_workday_entries, late_entries,
       pile_up_share, duplicate_share, self_approvals, non_supervisor_approvals,
       decided_before_submission, attendance_known,
       over_cap_days > 0 AS flag_over_cap,
       overlapping_entries > 0 AS flag_overlap,
       non_workday_entries > 0 AS flag_non_workday,
       late_entries > 0 AS flag_late,
       COALESCE(pile_up_share >= {{ pile_up_flag_share }}, FALSE) AS flag_pile_up,
       COALESCE(duplicate_share >= {{ duplicate_flag_share }}, FALSE) AS flag_duplicate,
       self_approvals > 0 AS flag_self_approval,
       non_supervisor_approvals > 0 AS flag_non_supervisor,
       decided_before_submission > 0 AS flag_decided_before_submission,
       (CASE WHEN over_cap_days > 0 THEN 1 ELSE 0 END)
     + (CASE WHEN overlapping_entries > 0 THEN 1 ELSE 0 END)
     + (CASE WHEN non_workday_entries > 0 THEN 1 ELSE 0 END)
     + (CASE WHEN late_entries > 0 THEN 1 ELSE 0 END)
     + (CASE WHEN pile_up_share >= {{ pile_up_flag_share }} THEN 1 ELSE 0 END)
     + (CASE WHEN duplicate_share >= {{ duplicate_flag_share }} THEN 1 ELSE 0 END)
     + (CASE WHEN self_approvals > 0 THEN 1 ELSE 0 END)
     + (CASE WHEN non_supervisor_approvals > 0 THEN 1 ELSE 0 END)
     + (CASE WHEN decided_before_submission > 0 THEN 1 ELSE 0 END) AS flags
FROM employee_month
ORDER BY nip
