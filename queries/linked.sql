-- Each approval of a period's activity, by the activity's number (`activity_no`): the one
-- join on the activity id text. `entries` reads this twice (the deciding approval and the
-- record counts), so it is computed once rather than inside both.
SELECT a.activity_no, p.approver_nip, p.decision, p.decided_s, a.nip
FROM approvals p
JOIN activities a ON p.activity_id = a.activity_id
