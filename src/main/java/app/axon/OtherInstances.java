package app.axon;

/**
 * Whether other instances of the application write to this event store now, as the cluster's heartbeat last counted
 * them (app.cluster). Until the first count they are assumed to be there. The aggregate cache checks its entries
 * before use while they are; the count is a hint for efficiency, never for correctness (see
 * {@link StoreCheckedAggregateCache}).
 */
public final class OtherInstances {

    private volatile boolean live = true;

    /** The instances live now, this one included. */
    public void counted(int instancesLive) {
        live = instancesLive > 1;
    }

    boolean live() {
        return live;
    }
}
