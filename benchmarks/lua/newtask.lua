-- newtask for distinct volunteers: every request is a new external_uid (args: tag, path, token).
local prefix, path, headers
local n = 0

function init(args)
   prefix = args[1] .. "-" .. tid .. "-"
   path = args[2] .. "?external_uid="
   headers = { ["Authorization"] = "Bearer " .. args[3] }
end

function request()
   n = n + 1
   return wrk.format("GET", path .. prefix .. n, headers)
end

function response(status, headers, body)
   if status == 200 and body:find('"id":', 1, true) then
      count("served")
   else
      count("not_served")
   end
end
