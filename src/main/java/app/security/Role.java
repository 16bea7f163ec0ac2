package app.security;

/** What a caller may do: a customer their own account and orders, an operator everything. */
enum Role {
    CUSTOMER,
    OPERATOR;

    String authority() {
        return "ROLE_" + name();
    }
}
