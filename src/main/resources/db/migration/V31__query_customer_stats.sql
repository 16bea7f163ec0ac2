-- Read model of the customer-stats projection: one row per order and per payment, so that handling an event
-- twice (a replay from a point in time) changes nothing; the statistics are summed when asked for.
create table customer_stats_order (
    order_id    varchar(64) not null,
    customer_id varchar(64) not null,
    constraint customer_stats_order_pk primary key (order_id)
);

create index customer_stats_order_customer_idx on customer_stats_order (customer_id);

create table customer_stats_payment (
    payment_id  varchar(64)    not null,
    customer_id varchar(64)    not null,
    amount      numeric(19, 2) not null,
    refunded    boolean        not null,
    constraint customer_stats_payment_pk primary key (payment_id)
);

create index customer_stats_payment_customer_idx on customer_stats_payment (customer_id);
