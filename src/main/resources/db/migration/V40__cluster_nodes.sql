-- The instances sharing this database, each saying every few seconds that it is alive; they divide the event
-- processors' segments among those heard from lately.
create table cluster_node (
    node_id   varchar(255)             not null,
    last_seen timestamp with time zone not null,
    constraint cluster_node_pk primary key (node_id)
);
