-- Threads between one patient and their responsible clinician.
create table thread (
    id               uuid primary key,
    patient_id       varchar(64)  not null,
    clinician_id     varchar(64)  not null,
    subject          varchar(200) not null,
    category         varchar(32)  not null,
    priority         varchar(16)  not null,
    status           varchar(16)  not null,
    origin           varchar(16)  not null,
    created_at       timestamptz  not null,
    last_message_at  timestamptz  not null
);
-- The inbox lists: the caller's threads, newest first, paged by (last_message_at, id).
create index thread_patient_inbox   on thread (patient_id, last_message_at desc, id desc);
create index thread_clinician_inbox on thread (clinician_id, last_message_at desc, id desc);

create table message (
    id                uuid primary key,
    thread_id         uuid         not null references thread (id),
    sender_id         varchar(64)  not null,
    sender_role       varchar(16)  not null,
    body              text         not null,
    sent_at           timestamptz  not null,
    kind              varchar(32)  not null,
    in_response_to    uuid,
    text_fingerprint  bigint       not null,
    -- For patient messages: the clinician message that answered it, null while unanswered.
    answered_by       uuid
);
create index message_thread_timeline on message (thread_id, sent_at, id);
create index message_unanswered on message (thread_id, sent_at) where sender_role = 'PATIENT' and answered_by is null;

-- Per-reader read state: the basis of unread badges and read receipts.
create table read_state (
    thread_id     uuid        not null references thread (id),
    reader_id     varchar(64) not null,
    last_read_at  timestamptz not null,
    primary key (thread_id, reader_id)
);

-- Every read of message content, for the audit trail.
create table content_access (
    id           bigint generated always as identity primary key,
    thread_id    uuid        not null,
    reader_ref   varchar(80) not null,
    accessed_at  timestamptz not null
);
create index content_access_thread on content_access (thread_id, accessed_at);
