-- wrk script: autosave POSTs as fast as they are answered, rotating through the candidates.
-- bench/autosave.py writes the data file (each candidate's save URL, session and CSRF
-- cookies and token; the JSON body up to the tab) and passes, after "--", its path, a tab
-- name new for each run (so every save is newer than what is stored) and wrk's thread count:
--   wrk -t2 -c16 -d10s -s bench/autosave.lua http://127.0.0.1:8765 -- data.lua wrk-r1 2
-- Thread t takes the candidates t, t + threads, t + 2 x threads...: a candidate's saves come
-- from one thread, one after the other, with seq rising by one each time. done() prints the
-- BENCH_RESULT line of wrk_report.lua and the answers by status (BENCH_STATUS).

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  local data = dofile(args[1])
  local tab = args[2]
  local step = tonumber(args[3])
  mine = {}
  for i = thread_id, #data.takers, step do
    table.insert(mine, data.takers[i])
  end
  prefix = data.prefix .. tab .. "\", \"seq\": "
  seqs = {}
  turn = 0
  statuses = {}
end

function request()
  turn = turn % #mine + 1
  local taker = mine[turn]
  seqs[turn] = (seqs[turn] or 0) + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = taker.cookie,
    ["X-CSRFToken"] = taker.token,
  }
  return wrk.format("POST", taker.path, headers, prefix .. seqs[turn] .. "}")
end

function response(status, response_headers, body)
  statuses[status] = (statuses[status] or 0) + 1
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
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local line = "BENCH_STATUS"
  for status, count in pairs(totals) do
    line = line .. string.format(" %d=%d", status, count)
  end
  io.write(line .. "\n")
end
