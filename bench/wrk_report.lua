-- wrk script: after the run, print one machine-readable line that bench/run.py parses.
-- Latencies are in milliseconds; errors.status counts responses with a status above 399.
-- Usage: wrk -t2 -c16 -d10s -s bench/wrk_report.lua http://127.0.0.1:8765/jobs/
-- With "-- distinct SALT" every request adds a query parameter of its own (nocache=...), so
-- no two requests share a URL and each one misses the page cache.

local threads_made = 0

function setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_number", threads_made)
end

function init(args)
  if args[1] ~= "distinct" then
    return
  end
  local path = wrk.path
  local joiner = string.find(path, "?", 1, true) and "&" or "?"
  local prefix = path .. joiner .. "nocache=" .. (args[2] or "0") .. "-" .. thread_number .. "-"
  local sent = 0
  request = function()
    sent = sent + 1
    return wrk.format(nil, prefix .. sent)
  end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_s=%.3f rps=%.2f mean_ms=%.3f p50_ms=%.3f "
      .. "p90_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f bytes=%d "
      .. "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d "
      .. "errors_status=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.bytes, errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
end
