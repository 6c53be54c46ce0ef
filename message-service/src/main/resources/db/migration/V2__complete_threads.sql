-- Threads and messages from EHRs, retractions, attachments, read receipts, idempotent requests and the
-- people Rapport knows (V1 was the walking skeleton).

-- The EHR's identifier of a thread ("<system>|<value>", or the reference it gave); null for portal threads.
alter table thread add column external_key varchar(300);
create unique index thread_external_key on thread (external_key) where external_key is not null;
alter table thread add column closed_at timestamptz;
-- Idle threads close themselves; the sweep looks for open threads by age.
create index thread_open_by_age on thread (last_message_at) where status = 'OPEN';

-- The EHR's identity of a message: "<system>|<value>" of its identifier, else "Communication/<id>".
alter table message add column external_key varchar(300);
create unique index message_external_key on message (external_key) where external_key is not null;
-- The logical id and version of the Communication, so that a repeat of a version changes nothing.
alter table message add column fhir_id varchar(64);
create unique index message_fhir_id on message (fhir_id) where fhir_id is not null;
alter table message add column fhir_version varchar(64);
-- Entered in error: kept for audit, hidden from readers, no longer counted.
alter table message add column retracted_at timestamptz;
alter table message add column response_latency_seconds bigint;
-- How often the message's event was issued: 1, then higher when reclassified or retracted.
alter table message add column revision integer not null default 1;
alter table message add column attachment_count integer not null default 0;
drop index message_unanswered;
create index message_unanswered on message (thread_id, sent_at)
    where sender_role = 'PATIENT' and answered_by is null and retracted_at is null;

create table attachment (
    message_id     uuid         not null references message (id),
    position       smallint     not null,
    content_type   varchar(255),
    size_bytes     bigint       not null,
    sha256         varchar(64),
    url            text,
    ehr_reference  varchar(300),
    primary key (message_id, position)
);

-- Read receipts: which message the reader has read up to, besides when.
alter table read_state add column last_read_message_id uuid;

-- Why content was read: the route (for example GET /api/v1/threads/{id}).
alter table content_access add column purpose varchar(100) not null default 'unknown';

-- Patients and clinicians Rapport knows, from EHR encounters and communications. A token naming an unknown
-- fhirUser is refused; a message to an unknown recipient is rejected.
create table person (
    person_ref     varchar(80)  primary key,
    role           varchar(16)  not null,
    first_seen_at  timestamptz  not null
);

-- Who may write to whom: a patient and a clinician who met (an encounter) or already messaged in the EHR.
create table care_relationship (
    patient_id     varchar(64)  not null,
    clinician_id   varchar(64)  not null,
    since          timestamptz  not null,
    primary key (patient_id, clinician_id)
);
create index care_relationship_clinician on care_relationship (clinician_id);

-- A retraction (entered-in-error) that arrived before the record it retracts: applied when that one arrives.
create table ehr_pending_retraction (
    external_key  varchar(300) primary key,
    received_at   timestamptz  not null
);
