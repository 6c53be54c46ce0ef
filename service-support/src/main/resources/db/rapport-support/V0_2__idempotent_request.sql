-- Shared by every Rapport service (service-support): the Idempotency-Key of POST requests.
-- The first response of a request, returned again for a retry with the same key and the same body.
create table idempotent_request (
    caller_ref       varchar(80)  not null,
    idempotency_key  varchar(200) not null,
    request_hash     char(64)     not null,
    status           smallint,
    location         text,
    response_body    text,
    created_at       timestamptz  not null,
    primary key (caller_ref, idempotency_key)
);
create index idempotent_request_age on idempotent_request (created_at);
