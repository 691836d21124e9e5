-- The read limit: GET /read/{id} of a random task of the project (args: first id, last id).
local first, last

function init(args)
   first, last = tonumber(args[1]), tonumber(args[2])
   math.randomseed(tid * 7919 + os.time())
end

function request()
   return wrk.format("GET", "/read/" .. math.random(first, last))
end
