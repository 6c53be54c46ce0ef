-- Message counts per clinician, clinic-local day and kind; rolling windows are sums over days.
create table clinician_daily_count (
    clinician_id  varchar(64) not null,
    day           date        not null,
    kind          varchar(32) not null,
    count         bigint      not null,
    primary key (clinician_id, day, kind)
);
