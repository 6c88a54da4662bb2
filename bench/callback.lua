-- wrk script for bench/callback.sh: every request is a fresh, correctly signed WeChat text message.
--
--   wrk -t2 -c32 -d20s -s bench/callback.lua http://127.0.0.1:PORT -- MODE TAG [TOKEN]
--
-- MODE  callback  posts to /wx/portal (the real pipeline: verify, persist, route, handle, reply)
--       ruler     posts the very same signed request to the baseline app's /wx/portal
--                 (bench/empty-app; the script points wrk at that app), so the client does
--                 identical work in both runs and the ratio compares only the servers
--       empty     the same to /bench/empty of the app itself (threads.sh)
-- TAG   digits that make this run's MsgIds and nonces unique (a run must never repeat an earlier
--       run's keys, or it would measure the dedupe shortcut instead of the pipeline)
-- TOKEN the callback token, default sandboxtoken
--
-- Per request: timestamp = os.time(), nonce and MsgId = TAG + thread id + counter, signature =
-- sha1(sorted(token, timestamp, nonce) joined), sender one of 1000 openids per thread.
-- Signing, unique keys and the result line live in bench/wx.lua.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local wx = require("wx")

wx.define({
  modes = { callback = "/wx/portal", ruler = "/wx/portal", empty = "/bench/empty" },
  content = function() return "帮助" end,
  openid = function(tag, tid, counter) return string.format("oBench%02d%06d", tid, counter % 1000) end,
  -- the callback answers a passive reply (XML); the baselines answer "success"
  accept = function(mode, body)
    return (mode == "callback" and body:find("<xml>", 1, true) ~= nil) or (mode ~= "callback" and body == "success")
  end,
})
