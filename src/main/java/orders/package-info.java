/**
 * Orders: the Order aggregate and the OrderSaga that takes each order through payment and stock reservation
 * to COMPLETED, or compensates and cancels it. It asks inventory for prices and talks to payments and inventory
 * only through the commands and events of their {@code api} packages.
 */
package orders;
