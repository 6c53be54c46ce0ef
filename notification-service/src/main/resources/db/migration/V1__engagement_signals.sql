-- Engagement signals received from engagement-service: the input of nudge decisions.
create table engagement_signal (
    event_id      varchar(64)  primary key,
    clinician_id  varchar(64)  not null,
    event_type    varchar(100) not null,
    occurred_at   timestamptz,
    received_at   timestamptz  not null
);
create index engagement_signal_clinician on engagement_signal (clinician_id, received_at);
