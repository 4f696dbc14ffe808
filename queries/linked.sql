-- Each approval of a period's activity, by the activity's number (`activity_no`): the one
-- join on the activity id text, computed once for `entries`, `decisions` and
-- `orphan_approvals`.
SELECT a.activity_no, p.approver_nip, p.decision, p.decided_s, p.in_period, a.nip
FROM approvals p
JOIN activities a ON p.activity_id = a.activity_id
