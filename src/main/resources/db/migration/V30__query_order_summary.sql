-- Read model of the order-summary projection. The lines are kept as a JSON array: they are only ever read
-- with their order, so a child table would cost a statement per order and a join per read for nothing.
-- Each status is entered at most once, so the status history is the four timestamps and needs no table.
-- version is the order's aggregate sequence number of the last event applied (the projection's idempotency guard).
create table order_summary (
    order_id      varchar(64)              not null,
    customer_id   varchar(64)              not null,
    items         varchar(16000)           not null,
    total_amount  numeric(19, 2)           not null,
    currency      varchar(3)               not null,
    status        varchar(16)              not null,
    payment_id    varchar(64),
    created_at    timestamp with time zone not null,
    confirmed_at  timestamp with time zone,
    completed_at  timestamp with time zone,
    cancelled_at  timestamp with time zone,
    cancel_reason varchar(1000),
    version       bigint                   not null,
    constraint order_summary_pk primary key (order_id)
);

-- A customer's orders, newest first.
create index order_summary_customer_created_idx on order_summary (customer_id, created_at desc, order_id);
