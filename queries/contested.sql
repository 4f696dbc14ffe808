-- The decision that counts for each activity with more than one valid decision (SPEC section 3):
-- the latest one; on a tie in time, rejected wins; on a tie in time and decision, the highest
-- approver NIP, so reruns pick the same one. Few activities have several valid decisions, so
-- this is a small table, computed once before `entries` joins it: as part of `entries` it held
-- up that query's join until it was done, and polars buffered up to 5 M activity rows meanwhile.
WITH tied AS (
    SELECT m.activity_no, m.approver_nip,
           CASE WHEN m.decision = 'rejected' THEN 1 ELSE 0 END AS rejected_first
    FROM linked m
    JOIN activity_approvals p ON m.activity_no = p.activity_no AND m.decided_s = p.last_s
    WHERE p.valid_decisions > 1 AND m.is_valid = 1
)
SELECT activity_no,
       MAX(rejected_first) AS rejected,
       MAX(CASE WHEN rejected_first = 1 THEN approver_nip END) AS rejecting_nip,
       MAX(approver_nip) AS any_nip
FROM tied
GROUP BY activity_no
