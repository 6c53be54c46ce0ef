-- The panel: which patients each clinician saw, and when, from FHIR R4 Encounters on ehr.encounters.v1.
-- One row per Encounter id at its highest meta.versionId (absent = 0); a repeat or an older version changes nothing.
create table panel_encounter (
    encounter_id  varchar(64)  primary key,
    version       bigint       not null,
    patient_id    varchar(64)  not null,
    status        varchar(32)  not null,
    period_start  timestamptz  not null,
    period_end    timestamptz,
    -- clinic-local day of period.start
    day           date         not null,
    -- whether the visit counts as the patient being seen (not planned, cancelled or entered-in-error)
    counted       boolean      not null
);
create index panel_encounter_day on panel_encounter (day) where counted;

-- The Practitioners among participant[].individual of an Encounter's stored version.
create table panel_participant (
    encounter_id  varchar(64)  not null references panel_encounter (encounter_id) on delete cascade,
    clinician_id  varchar(64)  not null,
    primary key (encounter_id, clinician_id)
);
create index panel_participant_clinician on panel_participant (clinician_id);

-- The reports look up a patient's messages of a period.
create index message_fact_patient_day on message_fact (patient_id, day) where not retracted;
