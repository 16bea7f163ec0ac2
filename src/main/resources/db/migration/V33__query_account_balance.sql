-- Read model of the account-balance projection; version is the account's aggregate sequence number of the last
-- event applied, served as the ETag and used to skip events that were already applied.
create table account_balance (
    customer_id varchar(64)    not null,
    balance     numeric(19, 2) not null,
    currency    varchar(3)     not null,
    version     bigint         not null,
    constraint account_balance_pk primary key (customer_id)
);
