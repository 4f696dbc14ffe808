-- Every decision taken by close on a submitted entry of a roster employee, with the entry's
-- submission time: what `approvers` (SPEC section 7) counts per approver. `linked` carries the
-- entry's submission time and draft mark, so only the roster is joined.
SELECT p.approver_nip, p.decision, p.decided_s, p.submitted_s
FROM linked p
JOIN roster ro ON p.nip = ro.nip
WHERE p.is_draft = 0 AND p.decided_s <= {{ close_s }}
