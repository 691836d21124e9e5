-- One fixed request (the URL's path and query; wrk.method from args[1]), counted by status.
function init(args)
   wrk.method = args[1] or "GET"
   req = wrk.format()
end

function request()
   return req
end

function response(status, headers, body)
   count(status < 300 and "ok" or "failed")
end
