/**
 * Several identical instances on one database: each instance has a node id under which it claims event processor
 * segments in the shared token store, says it is alive in {@code cluster_node}, and hands segments it holds beyond its
 * fair share to the others. Nothing outside {@code app} uses this package; it only wires Axon.
 */
package app.cluster;
