-- Every message the event stream told about, at its highest revision. Day rows are recomputed from these facts,
-- so a repeated, superseded or replayed event cannot count twice.
create table message_fact (
    message_id       varchar(64)  primary key,
    revision         integer      not null,
    event_id         varchar(64)  not null,
    clinician_id     varchar(64)  not null,
    patient_id       varchar(64)  not null,
    thread_id        varchar(64)  not null,
    kind             varchar(32)  not null,
    sent_at          timestamptz  not null,
    day              date         not null,
    retracted        boolean      not null,
    -- responses: latency from the oldest unanswered patient message and the text's SimHash (as a signed bigint)
    latency_seconds  bigint,
    fingerprint      bigint,
    -- responses: whether another recent response of the clinician is a near-duplicate
    templated        boolean,
    -- patient messages: when the target passes, and which response answered them, when
    due_at           timestamptz,
    answered_by      varchar(64),
    answered_at      timestamptz
);

create index message_fact_clinician_day on message_fact (clinician_id, day);
create index message_fact_responses on message_fact (clinician_id, sent_at)
    where kind = 'PROVIDER_RESPONSE' and not retracted;
create index message_fact_waiting on message_fact (clinician_id, sent_at)
    where kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP') and not retracted and answered_by is null;

-- A response's latest revision says it answered this patient message (either may arrive first).
create table answer_claim (
    id                  varchar(140) primary key,
    response_id         varchar(64)  not null,
    patient_message_id  varchar(64)  not null
);
create index answer_claim_response on answer_claim (response_id);
create index answer_claim_patient_message on answer_claim (patient_message_id);

-- Per clinician and clinic-local day, a pure function of that day's facts (EngagementLedger recomputes it).
create table clinician_day (
    clinician_id             varchar(64) not null,
    day                      date        not null,
    patient_initiated        integer     not null,
    provider_initiated       integer     not null,
    provider_response        integer     not null,
    patient_follow_up        integer     not null,
    provider_follow_up       integer     not null,
    answered                 integer     not null,
    answered_within_target   integer     not null,
    personal_responses       integer     not null,
    templated_responses      integer     not null,
    -- sparse histogram of response latencies: "bucket:count,..." with LatencyHistogram's buckets
    latency_histogram        text        not null,
    primary key (clinician_id, day)
);

drop table clinician_daily_count;
