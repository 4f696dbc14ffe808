-- Entries submitted on each day of the month against entries dated that day: the month-end
-- pile-up shows as submissions far above the dated line in the last days.
WITH submitted AS (
    SELECT submitted_day AS day, COUNT(*) AS submitted
    FROM entries WHERE in_roster = 1 AND is_draft = 0 AND submitted_day IS NOT NULL
    GROUP BY submitted_day
),
dated AS (
    SELECT day, COUNT(*) AS dated FROM entries WHERE in_roster = 1 AND is_draft = 0 GROUP BY day
)
SELECT c.day, c.is_workday, COALESCE(s.submitted, 0) AS submitted, COALESCE(d.dated, 0) AS dated
FROM calendar c
LEFT JOIN submitted s ON c.day = s.day
LEFT JOIN dated d ON c.day = d.day
ORDER BY c.day
