-- Printed by wrk at the end of a run and read by WrkLoadGenerator: exact counts and latencies in microseconds.
-- Responses other than 2xx/3xx are counted in summary.errors.status by wrk itself.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RAPPORT requests %d\n", summary.requests))
  io.write(string.format("RAPPORT duration_us %d\n", summary.duration))
  io.write(string.format("RAPPORT errors %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("RAPPORT non2xx %d\n", e.status))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("RAPPORT p%g %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("RAPPORT max %d\n", latency.max))
end
