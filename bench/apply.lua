-- wrk script: POST applications to /jobs/<slug>/apply/, each with a new email address.
-- bench/run.py writes the data file (roles, their multipart fields, the CSRF cookie, the
-- resume part) and passes its path after "--":
--   wrk -t2 -c16 -d20s -s bench/apply.lua http://127.0.0.1:8765 -- /tmp/.../apply-data.lua
-- Every thread counts the responses by status; done() prints the BENCH_RESULT line of
-- wrk_report.lua plus a BENCH_STATUS line ("302=1234 409=0 ...") that run.py parses.

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  data = dofile(args[1])
  sent = 0
  statuses = {}
  headers = {
    ["Content-Type"] = "multipart/form-data; boundary=" .. data.boundary,
    ["Cookie"] = data.cookie,
  }
end

local function part(name, value)
  return "--" .. data.boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name
    .. "\"\r\n\r\n" .. value .. "\r\n"
end

function request()
  sent = sent + 1
  -- Threads start on different roles and walk through all of them in turn.
  local role = data.roles[(sent * 7 + thread_id * 13) % #data.roles + 1]
  local tag = string.format("%d-%d", thread_id, sent)
  local body = role.fields
    .. part("name", "Robin Applicant " .. tag)
    .. part("email", data.email_prefix .. "-" .. tag .. "@example.com")
    .. data.tail
  return wrk.format("POST", role.path, headers, body)
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
