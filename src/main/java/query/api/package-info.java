/** The public messages of query: records that other parts of eventshop may send, receive or read. */
package query.api;
