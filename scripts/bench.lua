-- wrk script for scripts/bench.py: counts response statuses and prints one JSON summary line.
-- With a file of paths as its argument (wrk ... -s bench.lua URL -- paths.txt) each request asks
-- for a path drawn at random from the file; without one, every request asks for wrk's URL.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  local file = args[1]
  if file then
    requests_by_index = {}
    for path in io.lines(file) do
      table.insert(requests_by_index, wrk.format(nil, path))
    end
    math.randomseed(os.time())
    request = function()
      return requests_by_index[math.random(#requests_by_index)]
    end
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(parts, ", ")))
end
