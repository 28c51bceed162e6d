-- Shared by every live script (prepended at load time). Key layout: every key of one call carries the
-- same hash tag {p<n>} (the client's partition), so each script is atomic and runs on Redis Cluster.
-- Client hash fields: a agency, d business day (epoch day in the agency's zone), s spend today,
-- sp performance, sb brand, m0..m3 spend by mode (smart, search, display, external), i impressions,
-- k clicks, v conversions, ca cash, co coupons, cr available credit, ar arrears, b daily budget,
-- r revision (raised by every change; starts from the clock in microseconds when a client is loaded, so
-- it still only grows after Redis was rebuilt: the hub drops a counters message older than one it has),
-- al:<kind> open alert markers. Agency partial fields: the same today figures, n clients with spend,
-- and the balance sums ca co cr ar. Ring hashes: epoch minute -> spend in that minute (last 60 min).
local TODAY = {'s', 'sp', 'sb', 'm0', 'm1', 'm2', 'm3', 'i', 'k', 'v'}
local CLIENT = {'d', 's', 'sp', 'sb', 'm0', 'm1', 'm2', 'm3', 'i', 'k', 'v', 'ca', 'co', 'cr', 'ar', 'b', 'r'}
local AGENCY = {'d', 's', 'sp', 'sb', 'm0', 'm1', 'm2', 'm3', 'i', 'k', 'v', 'n', 'ca', 'co', 'cr', 'ar'}
local ZERO = {__index = function() return 0 end}

local function load(key)
  local h = redis.call('HGETALL', key)
  local st = setmetatable({}, ZERO)
  local marks = {}
  for j = 1, #h, 2 do
    local f = h[j]
    if #f > 3 and string.sub(f, 1, 3) == 'al:' then   -- figure fields are 1 to 3 characters: skip the sub
      marks[#marks + 1] = string.sub(f, 4) .. '=' .. h[j + 1]
    else
      st[f] = tonumber(h[j + 1]) or 0
    end
  end
  st.marks = table.concat(marks, ';')
  return st
end

local function save(key, st, fields)
  local args = {}
  for j = 1, #fields do
    args[#args + 1] = fields[j]
    args[#args + 1] = string.format('%d', st[fields[j]])
  end
  redis.call('HSET', key, unpack(args))
end

-- A later business day starts: today's figures restart from zero (balances carry over).
local function roll(st, day, agency)
  if day > st.d then
    for j = 1, #TODAY do st[TODAY[j]] = 0 end
    if agency then st.n = 0 end
    st.d = day
  end
end

local function ring_add(key, inc)
  for m, v in pairs(inc) do redis.call('HINCRBY', key, m, string.format('%d', v)) end
end

-- Spend in the last 1, 5, 15, 30 and 60 minutes; drops minutes older than an hour.
local function windows(key, now)
  local h = redis.call('HGETALL', key)
  local w1, w5, w15, w30, w60 = 0, 0, 0, 0, 0
  local old = {}
  for j = 1, #h, 2 do
    local age = now - tonumber(h[j])
    local v = tonumber(h[j + 1])
    if age >= 60 then
      old[#old + 1] = h[j]
    else
      if age < 1 then w1 = w1 + v end
      if age < 5 then w5 = w5 + v end
      if age < 15 then w15 = w15 + v end
      if age < 30 then w30 = w30 + v end
      w60 = w60 + v
    end
  end
  if #old > 0 then redis.call('HDEL', key, unpack(old)) end
  return w1, w5, w15, w30, w60
end

-- The reply for one client: {figures, open alert markers}. The figures are 23 little-endian 64-bit
-- integers (its index in the call, the figures, the revision; ClientSnapshot.of reads them): one string
-- per client instead of 25 reply elements, which Redis and the Java client would encode and parse one by one.
-- Spend of the minutes before this one is summed from the ring once a minute and kept in the client
-- hash (wt, b5 b15 b30 b60); within the minute only the current minute's ring field is read.
local PACKED = '<' .. string.rep('i8', 23)
local function snapshot(ci, st, key, ringKey, now)
  local cur
  if st.wt ~= now then
    local w1, w5, w15, w30, w60 = windows(ringKey, now)
    cur = w1
    st.wt, st.b5, st.b15, st.b30, st.b60 = now, w5 - w1, w15 - w1, w30 - w1, w60 - w1
    save(key, st, {'wt', 'b5', 'b15', 'b30', 'b60'})
  else
    cur = tonumber(redis.call('HGET', ringKey, string.format('%d', now))) or 0
  end
  return {struct.pack(PACKED, ci, st.d, st.s, st.sp, st.sb, st.m0, st.m1, st.m2, st.m3, st.i, st.k, st.v,
          st.ca, st.co, st.cr, st.ar, st.b, cur, st.b5 + cur, st.b15 + cur, st.b30 + cur, st.b60 + cur, st.r), st.marks}
end
