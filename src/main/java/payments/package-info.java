/**
 * Payments: event-sourced customer accounts. Deposits, withdrawals, order payments and refunds are events on the
 * account, and the balance is always rebuilt from them. It answers the orders saga through its {@code api}
 * events and knows nothing of orders beyond their ids.
 */
package payments;
