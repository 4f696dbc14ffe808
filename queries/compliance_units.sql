-- Logging compliance per unit and scope, as `unit_month` covers them (SPEC section 7): the
-- employees of each tier and those with a coaching score (on the unit's coaching list).
SELECT s.unit AS unit_id, s.scope,
       COUNT(*) AS employees,
       SUM(CASE WHEN c.tier = 'green' THEN 1 ELSE 0 END) AS green,
       SUM(CASE WHEN c.tier = 'amber' THEN 1 ELSE 0 END) AS amber,
       SUM(CASE WHEN c.tier = 'red' THEN 1 ELSE 0 END) AS red,
       SUM(CASE WHEN c.tier = 'none' THEN 1 ELSE 0 END) AS no_expected_days,
       SUM(CASE WHEN c.score > 0 THEN 1 ELSE 0 END) AS coaching
FROM unit_scopes s
JOIN compliance c ON c.unit_id = s.member_unit
GROUP BY s.unit, s.scope
ORDER BY unit_id, scope
