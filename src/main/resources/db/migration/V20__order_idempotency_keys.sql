-- The answers POST /api/orders gave per Idempotency-Key. The primary key makes two concurrent requests with one
-- key wait for each other: only the first creates an order, the second finds it.
create table order_idempotency_keys (
    idempotency_key varchar(128)             not null,
    request_hash    varchar(64)              not null,
    order_id        varchar(64)              not null,
    created_at      timestamp with time zone not null,
    constraint order_idempotency_keys_pk primary key (idempotency_key)
);
