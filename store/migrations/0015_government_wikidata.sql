-- import-wikidata finds a government by its Wikidata id before anything else.
CREATE INDEX government_wikidata ON government (wikidata) WHERE wikidata <> '';
