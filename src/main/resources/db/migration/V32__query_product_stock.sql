-- Read model of the product-stock projection; version is the product's aggregate sequence number of the last
-- event applied, served as the ETag and used to skip events that were already applied.
create table product_stock (
    product_id varchar(64)    not null,
    name       varchar(200)   not null,
    price      numeric(19, 2) not null,
    currency   varchar(3)     not null,
    available  integer        not null,
    version    bigint         not null,
    constraint product_stock_pk primary key (product_id)
);
