-- Index of the audit-correlation projection: which stored events carry which correlation id. The events
-- themselves stay in the event store (metadata there is serialized bytea, not searchable in portable SQL);
-- global_position orders them across aggregates as the store does.
create table audit_correlation (
    event_id        varchar(255) not null,
    correlation_id  varchar(255) not null,
    aggregate_id    varchar(255) not null,
    sequence_number bigint       not null,
    global_position bigint       not null,
    constraint audit_correlation_pk primary key (event_id)
);

create index audit_correlation_correlation_idx on audit_correlation (correlation_id, global_position);
