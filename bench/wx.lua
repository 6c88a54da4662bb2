-- Shared by the wrk scripts of bench/ (callback.lua, intake.lua): SHA-1 for WeChat's signature,
-- signed text messages with unique MsgIds and nonces, and the BENCH result line the shell scripts
-- parse. A script calls wx.define{...} once; that installs wrk's setup/init/request/response/done.
--
-- LuaJIT has no sha1, so SHA-1 is implemented below with the `bit` library and checked against
-- the FIPS 180 test vectors when each thread starts.
local wx = {}

local bit = require("bit")
local band, bor, bxor, bnot = bit.band, bit.bor, bit.bxor, bit.bnot
local lshift, rshift, rol, tobit, tohex = bit.lshift, bit.rshift, bit.rol, bit.tobit, bit.tohex
local byte, char, rep, format, concat = string.byte, string.char, string.rep, string.format, table.concat

local function be32(x)
  return char(band(rshift(x, 24), 255), band(rshift(x, 16), 255), band(rshift(x, 8), 255), band(x, 255))
end

local w = {}

local function sha1(msg)
  local h0, h1, h2, h3, h4 =
    tobit(0x67452301), tobit(0xEFCDAB89), tobit(0x98BADCFE), tobit(0x10325476), tobit(0xC3D2E1F0)
  local len = #msg
  local bits = len * 8
  msg = msg .. "\128" .. rep("\0", (55 - len) % 64) .. be32(math.floor(bits / 4294967296)) .. be32(bits % 4294967296)
  for chunk = 1, #msg, 64 do
    for i = 0, 15 do
      local p = chunk + i * 4
      local a, b, c, d = byte(msg, p, p + 3)
      w[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
    end
    for i = 16, 79 do
      w[i] = rol(bxor(w[i - 3], w[i - 8], w[i - 14], w[i - 16]), 1)
    end
    local a, b, c, d, e = h0, h1, h2, h3, h4
    for i = 0, 79 do
      local f, k
      if i < 20 then
        f, k = bor(band(b, c), band(bnot(b), d)), 0x5A827999
      elseif i < 40 then
        f, k = bxor(b, c, d), 0x6ED9EBA1
      elseif i < 60 then
        f, k = bor(band(b, c), band(b, d), band(c, d)), 0x8F1BBCDC
      else
        f, k = bxor(b, c, d), 0xCA62C1D6
      end
      local t = tobit(rol(a, 5) + f + e + k + w[i])
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    h0, h1, h2, h3, h4 = tobit(h0 + a), tobit(h1 + b), tobit(h2 + c), tobit(h3 + d), tobit(h4 + e)
  end
  return tohex(h0) .. tohex(h1) .. tohex(h2) .. tohex(h3) .. tohex(h4)
end

local function check_sha1()
  local vectors = {
    { "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
    { "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
    { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "a49b2446a02c645bf419f995b67091253a04a259" },
    { rep("a", 1000), "291e9a6c66994949b57ba5e650361e98fc36b1ba" },
    { "The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12" },
  }
  for _, v in ipairs(vectors) do
    local got = sha1(v[1])
    if got ~= v[2] then
      error(format("pure-Lua SHA-1 is wrong for a %d-byte input: got %s, want %s", #v[1], got, v[2]))
    end
  end
end

wx.sha1 = sha1

-- opts:
--   modes     { [mode] = path }; the first argument after -- picks one
--   content   function(tid, counter) -> text the worker sends
--   openid    function(tag, tid, counter) -> the sender
--   accept    function(mode, body) -> whether a 200 answer has the expected body
--   request   optional function(mode, path, tag, tid, counter) -> a whole wrk request, for load that
--             is not a signed WeChat message (content and openid are then not used)
function wx.define(opts)
  -- main Lua state: give each thread an id and keep the threads to sum their counters in done()
  local threads = {}
  local next_id = 0

  function setup(thread)
    next_id = next_id + 1
    thread:set("tid", next_id)
    table.insert(threads, thread)
  end

  -- thread Lua states
  local mode, tag, token, path
  local counter = 0
  ok200, non200, badbody = 0, 0, 0

  function init(args)
    check_sha1()
    mode = args[1]
    tag = args[2] or tostring(os.time())
    token = args[3] or "sandboxtoken"
    path = opts.modes[mode]
    if not path then
      error("unknown mode " .. tostring(mode))
    end
    if not tag:match("^%d+$") then
      error("tag must be digits, got " .. tag)
    end
  end

  local headers = { ["Content-Type"] = "text/xml; charset=utf-8" }
  local parts = {}

  function request()
    counter = counter + 1
    if opts.request then
      return opts.request(mode, path, tag, tid, counter)
    end
    local ts = tostring(os.time())
    -- unique per run, thread and request; MsgId stays a plain number as WeChat's is
    local seq = format("%s%02d%09d", tag, tid, counter)
    local nonce = seq
    parts[1], parts[2], parts[3] = token, ts, nonce
    table.sort(parts)
    local signature = sha1(concat(parts))
    local openid = opts.openid(tag, tid, counter)
    local body = "<xml><ToUserName><![CDATA[gh_union]]></ToUserName><FromUserName><![CDATA[" .. openid
      .. "]]></FromUserName><CreateTime>" .. ts .. "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
      .. "<Content><![CDATA[" .. opts.content(tid, counter) .. "]]></Content><MsgId>" .. seq .. "</MsgId></xml>"
    local url = path .. "?signature=" .. signature .. "&timestamp=" .. ts .. "&nonce=" .. nonce .. "&openid=" .. openid
    return wrk.format("POST", url, headers, body)
  end

  function response(status, hdrs, body)
    if status == 200 then
      if opts.accept(mode, body) then
        ok200 = ok200 + 1
      else
        badbody = badbody + 1
        if badbody <= 3 then
          io.stderr:write(format("[thread %d] unexpected body: %s\n", tid, tostring(body):sub(1, 300)))
        end
      end
    else
      non200 = non200 + 1
      if non200 <= 3 then
        io.stderr:write(format("[thread %d] HTTP %d: %s\n", tid, status, tostring(body):sub(1, 200)))
      end
    end
  end

  function done(summary, latency, requests)
    local ok, bad, badb = 0, 0, 0
    for _, t in ipairs(threads) do
      ok = ok + (t:get("ok200") or 0)
      bad = bad + (t:get("non200") or 0)
      badb = badb + (t:get("badbody") or 0)
    end
    local e = summary.errors
    local secs = summary.duration / 1e6
    -- one line the shell script parses; latencies in milliseconds
    io.write(format(
      "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
        .. "ok200=%d non200=%d badbody=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      ok, bad, badb, e.connect, e.read, e.write, e.status, e.timeout))
  end
end

-- Loads bench/wx.lua from the folder of the script wrk was given, wherever wrk is started.
return wx
