-- The templated-reply search looks responses up by their SimHash bands (V5). With a time window bound by parameters
-- the planner cannot estimate, it rated this index (a clinician's responses by time) as cheap as a band index and
-- walked a clinician's whole month of responses for three of the four bands. Nothing else reads it, and every response
-- paid for keeping it up to date.
drop index message_fact_responses;
