-- 011: indexes for a college-sized ledger (60 branches, 3,000 members). The roll of a branch on a
-- day reads its membership periods by branch; a committee's by its seats; study figures and the
-- register of a task read the completions by task (the primary key already leads with it).
CREATE INDEX membership_period_branch ON membership_period(branch_id, start_on);
CREATE INDEX committee_role_branch ON committee_role(branch_id, term_start);
CREATE INDEX study_task_branch_date ON study_task(branch_id, published_on);
