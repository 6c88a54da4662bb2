-- wrk script for bench/register.sh.
--   lookup: wrk ... -s bench/register.lua <app url> -- lookup <admin token> <path prefix> <file of suffixes, URL-encoded>
--           GETs the path prefix followed by a random line of the file, with the admin token.
--   ruler:  wrk ... -s bench/register.lua <bench/empty-app url> -- ruler
--           POSTs a small body to /wx/portal (the baseline's only endpoint, answering success).
-- Either mode takes the environment's PACE_MS: when set above 0, each connection waits that long
-- after an answer before its next request (a fixed offered load of connections * 1000 / PACE_MS
-- requests per second, as people typing send them), instead of sending as fast as answers come.
-- Prints one line: p50, p95 and p99 latency in ms, requests and non-2xx answers.
local mode, token, prefix, file
local suffixes = {}
local pace = tonumber(os.getenv("PACE_MS") or "0") or 0

function init(args)
  mode, token, prefix, file = args[1], args[2], args[3], args[4]
  if mode == "lookup" then
    for line in io.lines(file) do
      suffixes[#suffixes + 1] = line
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  if mode == "ruler" then
    return wrk.format("POST", "/wx/portal", { ["Content-Type"] = "text/xml" }, "x")
  end
  local s = suffixes[math.random(#suffixes)]
  return wrk.format("GET", prefix .. s, { ["Authorization"] = "Bearer " .. token })
end

if pace > 0 then
  function delay()
    return pace
  end
end

function done(summary, latency, requests)
  io.write(string.format("p50=%.2f p95=%.2f p99=%.2f requests=%d non2xx=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status))
end
