-- 014: an import of a hundred thousand rows writes a hundred thousand entries to the audit log, and
-- each entry also went into `audit_log_row`, an index by (table, row) that only two readers used:
-- the package export, which now reads the log once for the rows it carries, and the list of the
-- packages this ledger wrote, which reads the entries of `package_export` rows — a few per year,
-- indexed on their own.
DROP INDEX audit_log_row;
CREATE INDEX audit_log_package ON audit_log (row_key) WHERE tbl = 'package_export';
