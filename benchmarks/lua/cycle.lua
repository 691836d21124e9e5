-- newtask -> taskrun: each connection alternates GET newtask and POST taskrun, one new
-- volunteer (external_uid) per cycle (args: tag, newtask path, token, project id).
SERIES = { "get", "post", "cycle" }
local prefix, newtask, project_id, get_headers, post_headers
local n, uid, pending, phase, started, cycle_started = 0, nil, nil, nil, 0, 0

function init(args)
   prefix = args[1] .. "-" .. tid .. "-"
   newtask = args[2] .. "?external_uid="
   project_id = args[4]
   get_headers = { ["Authorization"] = "Bearer " .. args[3] }
   post_headers = { ["Authorization"] = "Bearer " .. args[3],
                    ["Content-Type"] = "application/json" }
end

function request()
   started = now_us()
   if pending then
      phase = "post"
      local body = '{"project_id": ' .. project_id .. ', "task_id": ' .. pending ..
          ', "info": {"answer": "yes"}}'
      pending = nil
      return wrk.format("POST", "/api/taskrun?external_uid=" .. uid, post_headers, body)
   end
   n = n + 1
   uid = prefix .. n
   phase = "get"
   cycle_started = started
   return wrk.format("GET", newtask .. uid, get_headers)
end

function response(status, headers, body)
   local finished = now_us()
   record(phase, finished - started)
   if phase == "get" then
      pending = status == 200 and body:match('"id":%s*(%d+)') or nil
      count(pending and "get_ok" or "get_failed")
      if not pending then count("get_status_" .. status) end
   elseif status == 200 then
      count("post_ok")
      record("cycle", finished - cycle_started)
   else
      count("post_failed")
      count("post_status_" .. status)
   end
end
