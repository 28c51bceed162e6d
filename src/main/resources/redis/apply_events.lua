-- Applies one partition's slice of an ingest batch atomically: de-duplicates event ids, moves the
-- clients' and agencies' live figures, draws balances (coupons, then cash, then credit, the rest is
-- arrears) and appends the accepted events, with their coupon/credit split, to the partition stream.
-- KEYS: stream, clients[nc], client rings[nc], agency partials[na], agency rings[na], dedupe sets[nd].
-- ARGV: nc, na, nd, now minute, n events, dedupe ttl, agency index of each client[nc], number of events
-- of each dedupe set[nd], then the events grouped by dedupe set, each: eventId, client index, cost,
-- impressions, clicks, conversions, mode, brand, minute, day, persistence record.
-- Reply: {0, missing client indexes...} when a client is not loaded (nothing applied), else
-- {1, accepted, duplicates, {client snapshot}...}.
local nc, na, nd = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now, n, ttl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local K = 11
local CHUNK = 1000
local cOff, crOff, aOff = 1, 1 + nc, 1 + 2 * nc
local arOff, dOff = aOff + na, aOff + 2 * na

local missing = {0}
for ci = 1, nc do
  if redis.call('EXISTS', KEYS[cOff + ci]) == 0 then missing[#missing + 1] = ci end
end
if #missing > 1 then return missing end

local cs, cring, as, aring = {}, {}, {}, {}
local recs = {}
local seen = {}
local acc, dup = 0, 0

local function apply(o)
  acc = acc + 1
  local ci = tonumber(ARGV[o + 1])
  local ai = tonumber(ARGV[6 + ci])
  local st, at = cs[ci], as[ai]
  if not st then st = load(KEYS[cOff + ci]); cs[ci] = st; cring[ci] = {} end
  if not at then at = load(KEYS[aOff + ai]); as[ai] = at; aring[ai] = {} end
  local cost, imp, clk, conv = tonumber(ARGV[o + 2]), tonumber(ARGV[o + 3]), tonumber(ARGV[o + 4]), tonumber(ARGV[o + 5])
  local mode, brand, day = tonumber(ARGV[o + 6]), tonumber(ARGV[o + 7]), tonumber(ARGV[o + 9])
  roll(st, day, false)
  roll(at, day, true)
  if day == at.d and day == st.d and st.s == 0 and cost > 0 then at.n = at.n + 1 end
  if day == st.d then add(st, cost, imp, clk, conv, mode, brand) end
  if day == at.d then add(at, cost, imp, clk, conv, mode, brand) end
  local coupon = math.min(cost, st.co)
  local cash = math.min(cost - coupon, st.ca)
  local credit = math.min(cost - coupon - cash, st.cr)
  local arrears = cost - coupon - cash - credit
  st.co, st.ca, st.cr, st.ar = st.co - coupon, st.ca - cash, st.cr - credit, st.ar + arrears
  at.co, at.ca, at.cr, at.ar = at.co - coupon, at.ca - cash, at.cr - credit, at.ar + arrears
  if cost > 0 then
    local m = ARGV[o + 8]
    cring[ci][m] = (cring[ci][m] or 0) + cost
    aring[ai][m] = (aring[ai][m] or 0) + cost
  end
  recs[#recs + 1] = ARGV[o + 10] .. '|' .. coupon .. '|' .. credit
end

-- De-duplicate with one SMISMEMBER and one SADD per chunk of a dedupe set (not one call per event).
local o = 7 + nc + nd
for di = 1, nd do
  local key = KEYS[dOff + di]
  local count = tonumber(ARGV[6 + nc + di])
  local done = 0
  while done < count do
    local size = math.min(CHUNK, count - done)
    local ids = {}
    for e = 1, size do ids[e] = ARGV[o + (done + e - 1) * K] end
    local flags = redis.call('SMISMEMBER', key, unpack(ids))
    local fresh = {}
    for e = 1, size do
      local id = ids[e]
      if flags[e] == 0 and not seen[id] then
        seen[id] = true
        fresh[#fresh + 1] = id
        apply(o + (done + e - 1) * K)
      else
        dup = dup + 1
      end
    end
    if #fresh > 0 then redis.call('SADD', key, unpack(fresh)) end
    done = done + size
  end
  o = o + count * K
end

if #recs > 0 then redis.call('XADD', KEYS[1], '*', 'r', table.concat(recs, '\n')) end
for di = 1, nd do redis.call('EXPIRE', KEYS[dOff + di], ttl) end
for ai, at in pairs(as) do
  save(KEYS[aOff + ai], at, AGENCY)
  ring_add(KEYS[arOff + ai], aring[ai])
end
local out = {}
for ci, st in pairs(cs) do
  save(KEYS[cOff + ci], st, CLIENT)
  ring_add(KEYS[crOff + ci], cring[ci])
  out[#out + 1] = snapshot(ci, st, KEYS[cOff + ci], KEYS[crOff + ci], now)
end
return {1, acc, dup, out}
