-- wrk script for bench/intake.sh: every request is a new worker starting a help request — a fresh,
-- correctly signed text 我要求助 from an openid never seen before — so each one takes the intake's
-- first step for real (inbound log, router, intake state written to Redis, category list, reply).
--
--   wrk -t2 -c32 -d20s -s bench/intake.lua http://127.0.0.1:PORT -- MODE TAG [TOKEN]
--
-- MODE  intake  posts to /wx/portal; the passive reply must ask for the 类别
--       ruler   posts the very same signed request to the baseline app's /wx/portal (bench/empty-app;
--               the script points wrk at that app), which answers "success"
--       empty   the same to /bench/empty of the app itself (threads.sh)
-- TAG   digits that make this run's MsgIds, nonces and openids unique
-- Signing, unique keys and the result line live in bench/wx.lua.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local wx = require("wx")

wx.define({
  modes = { intake = "/wx/portal", ruler = "/wx/portal", empty = "/bench/empty" },
  content = function() return "我要求助" end,
  -- one worker per request: a worker already in an intake would be answered by that intake instead
  openid = function(tag, tid, counter) return string.format("oIntake%s%02d%09d", tag, tid, counter) end,
  accept = function(mode, body)
    if mode == "empty" or mode == "ruler" then
      return body == "success"
    end
    return body:find("<xml>", 1, true) ~= nil and body:find("类别", 1, true) ~= nil
  end,
})
