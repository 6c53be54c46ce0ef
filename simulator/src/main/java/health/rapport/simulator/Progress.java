package health.rapport.simulator;

/** Told about a run's progress now and then (every few thousand events) and once at the end. */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void update(double fraction, long messages, long encounters) {
        }
    };

    /** @param fraction share of the simulated span done, 0 to 1 */
    void update(double fraction, long messages, long encounters);

    default void done(long messages, long encounters) {
        update(1, messages, encounters);
    }
}
