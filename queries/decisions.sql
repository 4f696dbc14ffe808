-- Every decision taken by close on a submitted entry of a roster employee, with the entry's
-- submission time: what `approvers` (SPEC section 7) counts per approver.
SELECT p.approver_nip, p.decision, p.decided_s, e.submitted_s
FROM approvals p
JOIN entries e ON p.activity_id = e.activity_id
WHERE e.is_draft = 0 AND e.in_roster = 1 AND p.decided_s <= {{ close_s }}
