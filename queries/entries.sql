-- Every activity of the period with the decision that counts (SPEC section 3).
-- The decision is that of the latest approval decided by close; on a tie, rejected wins.
-- Self-approvals never count. With no approval at all, the entry's own status decides.
-- Ties on time and decision go to the highest approver NIP, so reruns pick the same one.
-- Approvals meet their activity in `linked`; from there on each activity is known by its
-- number (`activity_no`, unique within the period's activities), which groups and joins much
-- faster than the id text.
WITH valid AS (
    SELECT activity_no, approver_nip, decision, decided_s,
           CASE WHEN decision = 'rejected' THEN 1 ELSE 0 END AS rejected_first
    FROM linked
    WHERE approver_nip <> nip
      AND decided_s <= {{ close_s }}
      AND decision IN ('approved', 'rejected')
),
latest AS (
    SELECT activity_no, MAX(decided_s) AS last_s FROM valid GROUP BY activity_no
),
tied AS (
    SELECT v.activity_no, v.approver_nip, v.decided_s, v.rejected_first
    FROM valid v JOIN latest l ON v.activity_no = l.activity_no AND v.decided_s = l.last_s
),
deciding AS (
    SELECT activity_no,
           CASE WHEN MAX(rejected_first) = 1 THEN 'rejected' ELSE 'approved' END AS decision,
           MAX(decided_s) AS decided_s,
           MAX(CASE WHEN rejected_first = 1 THEN approver_nip END) AS rejecting_nip,
           MAX(approver_nip) AS any_nip
    FROM tied GROUP BY activity_no
),
records AS (
    SELECT activity_no,
           COUNT(*) AS approval_records,
           SUM(CASE WHEN approver_nip = nip THEN 1 ELSE 0 END) AS self_approvals
    FROM linked
    GROUP BY activity_no
),
classified AS (
    SELECT a.activity_id, a.activity_no, a.nip, a.day, a.description_key, a.indicator_id,
           COALESCE(a.volume, 1.0) AS volume,
           COALESCE(a.duration_min, a.end_min - a.start_min) AS duration,
           a.start_min, a.end_min, a.submitted_s, a.submitted_day,
           CASE WHEN a.status = 'draft' THEN 1 ELSE 0 END AS is_draft,
           CASE WHEN a.submitted_day IS NOT NULL
                 AND a.submitted_day - a.day > {{ backdate_limit_days }} THEN 1 ELSE 0 END AS is_late,
           CASE WHEN d.decision IS NOT NULL THEN d.decision
                WHEN COALESCE(r.approval_records, 0) = 0 AND a.status IN ('approved', 'rejected') THEN a.status
                ELSE 'pending' END AS decision,
           COALESCE(d.rejecting_nip, d.any_nip) AS decided_by,
           d.decided_s,
           COALESCE(r.self_approvals, 0) AS self_approvals,
           COALESCE(ro.on_roster, 0) AS in_roster
    FROM activities a
    LEFT JOIN deciding d ON a.activity_no = d.activity_no
    LEFT JOIN records r ON a.activity_no = r.activity_no
    LEFT JOIN (SELECT nip AS roster_nip, 1 AS on_roster FROM roster) ro ON a.nip = ro.roster_nip
)
SELECT *,
       -- Minutes and volume leave out drafts and, with late_entries = "exclude", late entries.
       CASE WHEN is_draft = 0 {% if late_entries == "exclude" %}AND is_late = 0{% endif %} THEN 1 ELSE 0 END AS counts_minutes
FROM classified
