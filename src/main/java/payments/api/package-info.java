/** The public messages of payments: records that other parts of eventshop may send, receive or read. */
package payments.api;
