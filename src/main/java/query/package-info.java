/**
 * Query: every read model. Tracking event processors project the events of the other contexts' {@code api}
 * packages into tables of their own and answer the query messages of {@code query.api}. It depends on nothing
 * but those {@code api} packages.
 */
package query;
