/**
 * The coordinator runtime: what the group coordinator, the transaction coordinator and any later coordinator (share
 * groups, MQTT sessions) run on. Nothing here knows a group or a transaction; {@code coordinator.group} and
 * {@code coordinator.txn} depend on this package and never on each other.
 *
 * <pre>
 *   CoordinatorRuntime ── CoordinatorThread   one thread per coordinator; call() hops requests onto it
 *          │           ── CoordinatorTimer    timers by key, deadlines on the injected clock
 *          │           ── WritePath           apply at once, append one batch, release when durable, revert on failure
 *          │                 └ InFlightWrites  undo per key, committed values for reads
 *          │           ── Checkpointer        rewrites the live state, drops what it supersedes
 *          │           ── StateStores         StateStore per key type (registered by the coordinator)
 *          └── StateLog ── CoordinatorLog     the only class that touches storage (PartitionLog)
 *   CoordinatorErrors: exceptions to protocol errors;  StateRecordCodec: JSON, key types registered per coordinator
 * </pre>
 *
 * <p>Threads: each runtime's state (stores, in-flight writes, timers) belongs to its coordinator thread
 * ({@code freshet-group-coordinator}, {@code freshet-txn-coordinator}). Storage completes fsyncs on its own threads;
 * the runtime hops back onto the coordinator thread before touching anything.
 */
package io.freshet.coordinator.runtime;
