-- Printed by wrk at the end of a run, for bench/http.py: counts, then latency percentiles in microseconds.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("duration_us %d\n", summary.duration))
  io.write(string.format("errors %d\n", errors.status + errors.connect + errors.read + errors.write + errors.timeout))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d %d\n", p, latency:percentile(p)))
  end
end
