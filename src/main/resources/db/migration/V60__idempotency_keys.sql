-- What each create endpoint answered per Idempotency-Key, for orders, accounts and products alike: the resource the
-- key created and a fingerprint of the request. The key commits with the resource's first event, so a key is stored
-- exactly when its resource is. The primary key makes two concurrent requests with one key wait for each other.
create table idempotency_keys (
    scope           varchar(32)              not null,
    idempotency_key varchar(128)             not null,
    request_hash    varchar(64)              not null,
    resource_id     varchar(64)              not null,
    created_at      timestamp with time zone not null,
    constraint idempotency_keys_pk primary key (scope, idempotency_key)
);

insert into idempotency_keys (scope, idempotency_key, request_hash, resource_id, created_at)
select 'orders', idempotency_key, request_hash, order_id, created_at from order_idempotency_keys;

drop table order_idempotency_keys;
