-- Stock arrivals taken in from Kafka or Redis Streams, one row per message id, written in the transaction that stores
-- the RestockProduct's events: a message delivered again (redelivery, a replayed partition, the other broker) finds
-- its id here and restocks nothing. Rows older than eventshop.arrivals.processed-retention are pruned.
create table processed_messages (
    message_id   varchar(64) not null primary key,
    broker       varchar(16) not null,
    product_id   varchar(64) not null,
    quantity     integer     not null,
    received_at  timestamp with time zone not null,
    processed_at timestamp with time zone not null
);

create index processed_messages_processed_at on processed_messages (processed_at);
