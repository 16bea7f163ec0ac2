/**
 * Operations: what an operator needs to keep the read side healthy. Dead-letter queues park the events a projection
 * could not handle (one sequence at a time, the rest flows) and retry them with backoff; admin endpoints show the
 * event processors, replay a projection and retry or evict dead letters; metrics and health tell how far behind each
 * processor is and what is waiting. It knows the projections only by their processing group names.
 */
package app.operations;
