-- 013: a member's marks and completions read without visiting the table. A year's 学时 sums each
-- member's 出席 marks and completions in the year; the indexes by member now also hold the status
-- and the completion date (and, as in any index of these WITHOUT ROWID tables, the key), so those
-- sums read the index alone. Same number of indexes: an import writes no more than before.
DROP INDEX attendance_member;
CREATE INDEX attendance_member ON attendance(member_id, status);
DROP INDEX study_record_member;
CREATE INDEX study_record_member ON study_record(member_id, completed_on);
