-- Newest first is date, then id (Activities, ActivityList.Rows, newestOfPlace). With
-- the id in the date indexes the newest rows are read off an index in that order;
-- with the date alone SQLite read and sorted every activity of the newest date by id,
-- so a day of reporting season (900 reports on one date at world scale) made each
-- render of /activities and of the reporting government's page read 900 rows for 50.
DROP INDEX activity_date;
CREATE INDEX activity_date ON activity (date, id);
DROP INDEX activity_agreement;
CREATE INDEX activity_agreement ON activity (agreement, date, id);
