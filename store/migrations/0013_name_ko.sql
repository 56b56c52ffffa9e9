-- A government's name in Korean when Korean is not its own script: a Korean
-- rendering of a foreign name (일조시 for Rizhao) is that place's Korean name, shown
-- on Korean pages, never its "own script" name (name_local: 日照市).
ALTER TABLE government ADD COLUMN name_ko TEXT NOT NULL DEFAULT '';
