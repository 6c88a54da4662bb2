-- wrk script for bench/vote.sh and bench/vote-crash.sh: every request is a fresh, correctly signed
-- WeChat text message "投票 <campaign>-<number>" from one of 1000 openids per thread.
--
--   VOTE_CAMPAIGN=ID VOTE_CANDIDATES=N wrk ... -s bench/vote.lua http://127.0.0.1:PORT -- MODE TAG [TOKEN]
--
-- MODE  vote   posts to /wx/portal; accepted when the passive reply says 投票成功
--       empty  posts the very same signed request to /bench/empty (the baseline)
-- Signing, unique keys and the result line live in bench/wx.lua.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local wx = require("wx")

local campaign = os.getenv("VOTE_CAMPAIGN") or error("VOTE_CAMPAIGN is not set")
local candidates = tonumber(os.getenv("VOTE_CANDIDATES") or "10")

wx.define({
  modes = { vote = "/wx/portal", empty = "/bench/empty" },
  content = function(tid, counter) return "投票 " .. campaign .. "-" .. ((tid * 7 + counter) % candidates + 1) end,
  openid = function(tag, tid, counter) return string.format("oVote%s%02d%06d", tag, tid, counter % 1000) end,
  accept = function(mode, body)
    return (mode == "vote" and body:find("投票成功", 1, true) ~= nil) or (mode == "empty" and body == "success")
  end,
})
