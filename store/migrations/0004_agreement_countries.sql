-- Agreements carry their parties' countries, so that every count and list by
-- country or country pair is an index lookup on agreement alone instead of two
-- government lookups per agreement of the whole table (35 ms per country page at
-- the default data, growing with it). Triggers keep them right in the same
-- transaction as any write: a new agreement, a change of parties (an import may
-- make one), a government moved to another country. `twinning check` recounts them.
ALTER TABLE agreement ADD COLUMN country_a TEXT NOT NULL DEFAULT '';
ALTER TABLE agreement ADD COLUMN country_b TEXT NOT NULL DEFAULT '';
UPDATE agreement SET
    country_a = (SELECT country FROM government WHERE slug = agreement.government_a),
    country_b = (SELECT country FROM government WHERE slug = agreement.government_b);
CREATE INDEX agreement_country_a ON agreement (country_a, country_b);
CREATE INDEX agreement_country_b ON agreement (country_b, country_a);

CREATE TRIGGER agreement_countries_insert AFTER INSERT ON agreement
BEGIN
    UPDATE agreement SET
        country_a = (SELECT country FROM government WHERE slug = NEW.government_a),
        country_b = (SELECT country FROM government WHERE slug = NEW.government_b)
    WHERE id = NEW.id;
END;
CREATE TRIGGER agreement_countries_parties AFTER UPDATE OF government_a, government_b ON agreement
BEGIN
    UPDATE agreement SET
        country_a = (SELECT country FROM government WHERE slug = NEW.government_a),
        country_b = (SELECT country FROM government WHERE slug = NEW.government_b)
    WHERE id = NEW.id;
END;
CREATE TRIGGER government_country_agreements AFTER UPDATE OF country ON government
BEGIN
    UPDATE agreement SET country_a = NEW.country WHERE government_a = NEW.slug;
    UPDATE agreement SET country_b = NEW.country WHERE government_b = NEW.slug;
END;
