-- The units whose employees each unit's figures cover (SPEC section 6): the unit alone
-- (`direct`) and every unit of its subtree, itself included (`rollup`).
SELECT unit_id AS unit, unit_id AS member_unit, 'direct' AS scope FROM units
UNION ALL
SELECT ancestor_id AS unit, unit_id AS member_unit, 'rollup' AS scope FROM unit_tree
