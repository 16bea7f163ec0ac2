/** The public messages of inventory: records that other parts of eventshop may send, receive or read. */
package inventory.api;
