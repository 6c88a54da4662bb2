-- wrk script for bench/enroll.sh: GETs a path prefix followed by a random line of a file.
--   wrk ... -s bench/enroll.lua <url> -- <token> <path-prefix> <file of suffixes, URL-encoded>
-- Prints one line: p50, p95 and p99 latency in ms, requests and non-2xx answers.
local token, prefix, file
local suffixes = {}
local errors = 0

function init(args)
  token, prefix, file = args[1], args[2], args[3]
  for line in io.lines(file) do
    suffixes[#suffixes + 1] = line
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local s = suffixes[math.random(#suffixes)]
  return wrk.format("GET", prefix .. s, { ["Authorization"] = "Bearer " .. token })
end

function response(status)
  if status < 200 or status > 299 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("p50=%.2f p95=%.2f p99=%.2f requests=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status))
end
