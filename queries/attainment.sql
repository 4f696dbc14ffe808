-- Target attainment per employee (SPEC section 4): the weight-averaged attainment of their
-- SKP indicators. A query of its own because it adds floats: it runs on the in-memory engine,
-- whose sums keep the same order on every run.
SELECT nip, SUM(weight * attainment) / SUM(weight) AS attainment
FROM indicators
GROUP BY nip
ORDER BY nip
