-- Inventory's own price list, written in the same transaction as the product's events so that an order placed
-- right after a product was added finds its price.
create table inventory_catalogue (
    product_id varchar(64)    not null,
    name       varchar(200)   not null,
    price      numeric(19, 2) not null,
    currency   varchar(3)     not null,
    constraint inventory_catalogue_pk primary key (product_id)
);
