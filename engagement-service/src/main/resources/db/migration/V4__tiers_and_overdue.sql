-- Every clinician the stream told about: the partition its events arrive on (the instance that owns the partition
-- evaluates the clinician), whether facts changed since the last evaluation, and the last evaluation's tier.
create table clinician (
    clinician_id         varchar(64)      primary key,
    kafka_partition      integer          not null,
    dirty                boolean          not null,
    tier                 varchar(16)      not null,
    tier_since           timestamptz      not null,
    evaluated_at         timestamptz,
    share_within_target  double precision,
    personal_share       double precision,
    patient_messages     bigint           not null,
    judged               bigint           not null
);
create index clinician_partition on clinician (kafka_partition);
create index clinician_tier on clinician (tier, clinician_id);
create index clinician_dirty on clinician (kafka_partition) where dirty;

-- When a ReplyOverdue went out for a patient message (once per message).
alter table message_fact add column overdue_signalled_at timestamptz;
create index message_fact_overdue on message_fact (due_at)
    where kind in ('PATIENT_INITIATED', 'PATIENT_FOLLOW_UP') and not retracted and answered_by is null
      and overdue_signalled_at is null;
