-- The limits app's cycle: each connection alternates GET /read/{id} of a random task and
-- POST /write, one cycle after the other (args: first task id, last task id, project id).
SERIES = { "get", "post", "cycle" }
local first, last, write_path
local phase, started, cycle_started = "post", 0, 0

function init(args)
   first, last = tonumber(args[1]), tonumber(args[2])
   write_path = "/write?project_id=" .. args[3]
   math.randomseed(tid * 7919 + os.time())
end

function request()
   started = now_us()
   if phase == "get" then
      phase = "post"
      return wrk.format("POST", write_path)
   end
   phase = "get"
   cycle_started = started
   return wrk.format("GET", "/read/" .. math.random(first, last))
end

function response(status, headers, body)
   local finished = now_us()
   record(phase, finished - started)
   local ok = status == 200
   count(phase .. (ok and "_ok" or "_failed"))
   if phase == "post" and ok then
      record("cycle", finished - cycle_started)
   end
end
