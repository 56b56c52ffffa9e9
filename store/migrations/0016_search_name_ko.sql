-- A place's Korean name (name_ko, migration 0013) is searchable like its own-script
-- name: the index keeps its columns, and the name_local column's text now holds
-- both (일조시 finds Rizhao, as it did when Dangjin's Korean renderings were stored
-- as name_local). An agreement's parties carry it too.
DROP VIEW search_government_source;
CREATE VIEW search_government_source AS
SELECT g.slug AS key, g.slug, g.name, concat_ws(' ', nullif(g.name_local, ''), nullif(g.name_ko, '')) AS name_local,
    g.name_fr, g.region,
    coalesce(c.name_en || ' ' || c.name_fr || ' ' || c.name_ko, '') AS country
FROM government g LEFT JOIN country c ON c.code = g.country;

DROP VIEW search_agreement_source;
CREATE VIEW search_agreement_source AS
SELECT ag.id AS key,
    concat_ws(' ', ga.name, ga.name_local, ga.name_ko, ga.name_fr, gb.name, gb.name_local, gb.name_ko, gb.name_fr) AS parties,
    ag.note
FROM agreement ag
LEFT JOIN government ga ON ga.slug = ag.government_a
LEFT JOIN government gb ON gb.slug = ag.government_b;

DROP TRIGGER search_government_update;
CREATE TRIGGER search_government_update AFTER UPDATE OF slug, name, name_local, name_fr, name_ko, region, country ON government
WHEN old.slug IS NOT new.slug OR old.name IS NOT new.name OR old.name_local IS NOT new.name_local
    OR old.name_fr IS NOT new.name_fr OR old.name_ko IS NOT new.name_ko OR old.region IS NOT new.region
    OR old.country IS NOT new.country
BEGIN
    INSERT INTO search_dirty (type, key) SELECT 'government', old.slug WHERE old.slug IS NOT new.slug;
    INSERT INTO search_dirty (type, key) VALUES ('government', new.slug);
    INSERT INTO search_dirty (type, key) SELECT 'agreement', id FROM agreement
        WHERE government_a IN (old.slug, new.slug) OR government_b IN (old.slug, new.slug);
END;
