-- The overdue patient messages of each OVERDUE_REPLIES digest (ids only), and when a provider response answered
-- them (from rapport.message-events.v1): a digest says how many still wait when it goes out, and is suppressed
-- when none does.
create table nudge_item (
    nudge_id     varchar(36)  not null references nudge (id),
    message_id   varchar(64)  not null,
    received_at  timestamptz  not null,
    answered_at  timestamptz,
    primary key (nudge_id, message_id)
);
create index nudge_item_message on nudge_item (message_id) where answered_at is null;
