-- An activity's cost and outputs (store/cost.go): the amount as reported, with
-- exactly its currency's decimal places, never converted; the ISO 4217 currency;
-- who paid (a party's slug, 'shared', or '' when not said); what came of it.
ALTER TABLE activity ADD COLUMN cost_amount TEXT NOT NULL DEFAULT '';
ALTER TABLE activity ADD COLUMN cost_currency TEXT NOT NULL DEFAULT ''
    CHECK (cost_currency = '' OR (length(cost_currency) = 3 AND cost_currency = upper(cost_currency)));
ALTER TABLE activity ADD COLUMN paid_by TEXT NOT NULL DEFAULT '';
ALTER TABLE activity ADD COLUMN outputs TEXT NOT NULL DEFAULT '';

