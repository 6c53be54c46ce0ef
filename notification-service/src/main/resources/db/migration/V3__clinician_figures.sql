-- The latest engagement figures per clinician (from engagement.tier-changed), for the effectiveness report:
-- what a clinician's figures were when nudged (kept on the nudge) against what they are now.
alter table clinician_state add column window_days integer;
alter table clinician_state add column share_within_target double precision;
alter table clinician_state add column personal_share double precision;
alter table clinician_state add column patient_messages bigint;
