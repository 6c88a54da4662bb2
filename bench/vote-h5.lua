-- wrk script for bench/vote.sh: every request is a vote from the H5 page, POST
-- /h5/api/campaigns/<id>/votes {"number":n}, with a fresh Idempotency-Key and the session cookie of
-- one of VOTE_SESSIONS voters (sessions the script put in Redis beforehand, as the OAuth step does).
--
--   VOTE_CAMPAIGN=ID VOTE_CANDIDATES=N VOTE_SESSIONS=S VOTE_SESSION_PREFIX=<12 hex> \
--     wrk ... -s bench/vote-h5.lua http://127.0.0.1:PORT -- MODE TAG
--
-- MODE  h5     the vote endpoint; accepted when the answer says the vote was counted
--       ruler  the very same request to the empty app's /wx/portal (the baseline), answered "success"
-- Counting and the result line live in bench/wx.lua.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local wx = require("wx")

local campaign = os.getenv("VOTE_CAMPAIGN") or error("VOTE_CAMPAIGN is not set")
local candidates = tonumber(os.getenv("VOTE_CANDIDATES") or "10")
local sessions = tonumber(os.getenv("VOTE_SESSIONS") or error("VOTE_SESSIONS is not set"))
local prefix = os.getenv("VOTE_SESSION_PREFIX") or error("VOTE_SESSION_PREFIX is not set")

wx.define({
  modes = { h5 = "/h5/api/campaigns/" .. campaign .. "/votes", ruler = "/wx/portal" },
  request = function(mode, path, tag, tid, counter)
    local voter = (tid * 7919 + counter * 104729) % sessions
    local headers = {
      ["Content-Type"] = "application/json",
      ["Cookie"] = string.format("union_h5=%s%020d", prefix, voter),
      ["Idempotency-Key"] = string.format("b%s%02d%09d", tag, tid, counter),
    }
    return wrk.format("POST", path, headers, '{"number":' .. ((tid * 7 + counter) % candidates + 1) .. "}")
  end,
  accept = function(mode, body)
    if mode == "h5" then
      return body:find('"counted":true', 1, true) ~= nil
    end
    return body == "success"
  end,
})
