package health.rapport.bench.http;

import health.rapport.bench.LatencyProfile;
import health.rapport.bench.Series;

/**
 * What a load generator measured.
 *
 * @param requests     completed requests in the measured window
 * @param seconds      length of the measured window
 * @param errors       failed requests and responses other than 2xx
 * @param latency      per-request latency percentiles (closed loop: from sending to the end of the response)
 * @param series       requests per second over time, or null when the generator cannot tell (wrk)
 */
public record LoadResult(long requests, double seconds, long errors, LatencyProfile latency, Series series) {

    public double requestsPerSec() {
        return seconds <= 0 ? 0 : requests / seconds;
    }
}
