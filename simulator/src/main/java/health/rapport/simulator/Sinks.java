package health.rapport.simulator;

import java.io.IOException;
import java.util.List;

/** Small sinks: one that only counts, and one that passes every call on to several sinks. */
public final class Sinks {

    private Sinks() {
    }

    /** Counts what it is given and does nothing else. */
    public static final class Counting implements Sink {
        private long messages;
        private long encounters;

        @Override
        public void accept(SimEvent event) {
            if (event instanceof SimMessage) {
                messages++;
            } else {
                encounters++;
            }
        }

        public long messages() {
            return messages;
        }

        public long encounters() {
            return encounters;
        }
    }

    public static Counting counting() {
        return new Counting();
    }

    /** Every call goes to each sink in turn; close closes them all (the first failure is thrown). */
    public static Sink tee(Sink... sinks) {
        List<Sink> all = List.of(sinks);
        return new Sink() {
            @Override
            public void open(Population population) throws IOException {
                for (Sink sink : all) {
                    sink.open(population);
                }
            }

            @Override
            public void accept(SimEvent event) throws IOException {
                for (Sink sink : all) {
                    sink.accept(event);
                }
            }

            @Override
            public void finish(Truth truth) throws IOException {
                for (Sink sink : all) {
                    sink.finish(truth);
                }
            }

            @Override
            public void close() throws IOException {
                IOException failure = null;
                for (Sink sink : all) {
                    try {
                        sink.close();
                    } catch (IOException e) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }
}
