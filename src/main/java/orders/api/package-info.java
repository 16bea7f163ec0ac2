/** The public messages of orders: records that other parts of eventshop may send, receive or read. */
package orders.api;
