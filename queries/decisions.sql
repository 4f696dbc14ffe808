-- Every decision taken by close on a submitted entry of a roster employee, with the entry's
-- submission time: what `approvers` (SPEC section 7) counts per approver. `linked` holds every
-- approval of an activity of the period, so joining it by number finds the same rows as joining
-- the approvals by id.
SELECT p.approver_nip, p.decision, p.decided_s, e.submitted_s
FROM linked p
JOIN entries e ON p.activity_no = e.activity_no
WHERE e.is_draft = 0 AND e.in_roster = 1 AND p.decided_s <= {{ close_s }}
