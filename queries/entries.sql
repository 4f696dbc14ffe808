-- Every activity of the period with the decision that counts (SPEC section 3).
-- The decision is that of the latest approval decided by close; on a tie, rejected wins.
-- Self-approvals never count. With no approval at all, the entry's own status decides.
-- Ties on time and decision go to the highest approver NIP, so reruns pick the same one.
-- Approvals meet their activity in `linked` and are added up per activity in
-- `activity_approvals`; from there on each activity is known by its number (`activity_no`,
-- unique within the period's activities), which groups and joins much faster than the id text;
-- the id itself is not carried on. Most activities have one valid decision, which then decides;
-- those with several take the decision `contested` picked by the tie rules.
WITH classified AS (
    SELECT a.activity_no, a.nip, a.day, a.description_key, a.indicator_id,
           COALESCE(a.volume_micro, 1000000) AS volume_micro,
           COALESCE(a.duration_min, a.end_min - a.start_min) AS duration,
           a.start_min, a.end_min, a.submitted_s, a.submitted_day,
           CASE WHEN a.status = 'draft' THEN 1 ELSE 0 END AS is_draft,
           CASE WHEN a.submitted_day IS NOT NULL
                 AND a.submitted_day - a.day > {{ backdate_limit_days }} THEN 1 ELSE 0 END AS is_late,
           CASE WHEN p.valid_decisions = 1
                     THEN CASE WHEN p.sole_rejected = 1 THEN 'rejected' ELSE 'approved' END
                WHEN p.valid_decisions > 1
                     THEN CASE WHEN c.rejected = 1 THEN 'rejected' ELSE 'approved' END
                WHEN COALESCE(p.approval_records, 0) = 0 AND a.status IN ('approved', 'rejected') THEN a.status
                ELSE 'pending' END AS decision,
           CASE WHEN p.valid_decisions = 1 THEN p.sole_nip
                ELSE COALESCE(c.rejecting_nip, c.any_nip) END AS decided_by,
           CASE WHEN p.valid_decisions > 0 THEN p.last_s END AS decided_s,
           COALESCE(p.self_approvals, 0) AS self_approvals,
           COALESCE(ro.on_roster, 0) AS in_roster,
           -- The employee's day as one integer (roster number times 2^32 plus the day number;
           -- null off the roster): polars groups and joins by one integer column several times
           -- faster than by two.
           ro.employee_no * 4294967296 + a.day AS employee_day
    FROM activities a
    LEFT JOIN activity_approvals p ON a.activity_no = p.activity_no
    LEFT JOIN contested c ON a.activity_no = c.activity_no
    LEFT JOIN (SELECT nip AS roster_nip, employee_no, 1 AS on_roster FROM roster) ro ON a.nip = ro.roster_nip
)
SELECT *,
       -- Minutes and volume leave out drafts and, with late_entries = "exclude", late entries.
       CASE WHEN is_draft = 0 {% if late_entries == "exclude" %}AND is_late = 0{% endif %} THEN 1 ELSE 0 END AS counts_minutes
FROM classified
