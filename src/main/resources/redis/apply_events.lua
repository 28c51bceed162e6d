-- Applies one partition's slice of an ingest batch atomically, pre-aggregated by IngestService:
-- de-duplicates the event ids, moves the clients' and agencies' live figures by per-client sums, draws
-- balances (coupons, then cash, then credit, the rest is arrears) and appends the persistence records
-- (events summed per spend_hourly row), with their coupon/credit split, as ONE stream entry.
-- KEYS: stream, clients[nc], client rings[nc], agency partials[na], agency rings[na], dedupe sets[nd].
-- ARGV: nc, na, nd, now minute, dedupe ttl, nu units, ng groups, agency index of each client[nc],
-- number of event ids of each dedupe set[nd], the event ids grouped by dedupe set, then ONE string of
-- little-endian 64-bit integers: the units in ascending business day, each: client index, day, minute,
-- cost, performance, brand, mode 0..3 cost, impressions, clicks, conversions; then per record group:
-- client index, cost. Then the groups' records without the coupon/credit split. (Numbers travel packed:
-- as separate arguments each was encoded, parsed and converted on its own, which cost more than the work.)
-- Reply: {0, missing client indexes...} when a client is not loaded, {2, positions of ids already
-- seen...} when an event id is a duplicate (nothing applied in either case: the caller drops those and
-- sends again), else {1, {client snapshot}...}.
local nc, na, nd = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now, ttl, nu, ng = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local UNIT, GROUP = '<' .. string.rep('i8', 13), '<i8i8'
local CHUNK = 1000
local cOff, crOff, aOff = 1, 1 + nc, 1 + 2 * nc
local arOff, dOff = aOff + na, aOff + 2 * na

local missing = {0}
for ci = 1, nc do
  if redis.call('EXISTS', KEYS[cOff + ci]) == 0 then missing[#missing + 1] = ci end
end
if #missing > 1 then return missing end

-- De-duplicate: one SMISMEMBER per chunk of a dedupe set; any id seen before aborts the whole call.
local idOff = 7 + nc + nd
local seen = {2}
local o = idOff
for di = 1, nd do
  local count = tonumber(ARGV[7 + nc + di])
  for from = 0, count - 1, CHUNK do
    local size = math.min(CHUNK, count - from)
    local flags = redis.call('SMISMEMBER', KEYS[dOff + di], unpack(ARGV, o + from + 1, o + from + size))
    for e = 1, size do
      if flags[e] == 1 then seen[#seen + 1] = o + from + e - idOff end
    end
  end
  o = o + count
end
if #seen > 1 then return seen end
o = idOff
for di = 1, nd do
  local count = tonumber(ARGV[7 + nc + di])
  for from = 0, count - 1, CHUNK do
    redis.call('SADD', KEYS[dOff + di], unpack(ARGV, o + from + 1, o + from + math.min(CHUNK, count - from)))
  end
  redis.call('EXPIRE', KEYS[dOff + di], ttl)
  o = o + count
end

local cs, cring, as, aring = {}, {}, {}, {}
local function state(ci)
  local st = cs[ci]
  if not st then st = load(KEYS[cOff + ci]); cs[ci] = st; cring[ci] = {} end
  local ai = tonumber(ARGV[7 + ci])
  local at = as[ai]
  if not at then at = load(KEYS[aOff + ai]); as[ai] = at; aring[ai] = {} end
  return st, at, ai
end

local function add_unit(t, u)
  t.s = t.s + u[4]
  t.sp = t.sp + u[5]
  t.sb = t.sb + u[6]
  t.m0 = t.m0 + u[7]
  t.m1 = t.m1 + u[8]
  t.m2 = t.m2 + u[9]
  t.m3 = t.m3 + u[10]
  t.i = t.i + u[11]
  t.k = t.k + u[12]
  t.v = t.v + u[13]
end

-- Today's figures and minute rings, per client, day and minute.
local packed, pos = ARGV[o + 1], 1
for _ = 1, nu do
  local u = {struct.unpack(UNIT, packed, pos)}
  pos = u[14]
  local ci, day, cost = u[1], u[2], u[4]
  local m = string.format('%d', u[3])
  local st, at, ai = state(ci)
  roll(st, day, false)
  roll(at, day, true)
  if day == at.d and day == st.d and st.s == 0 and cost > 0 then at.n = at.n + 1 end
  if day == st.d then add_unit(st, u) end
  if day == at.d then add_unit(at, u) end
  if cost > 0 then
    cring[ci][m] = (cring[ci][m] or 0) + cost
    aring[ai][m] = (aring[ai][m] or 0) + cost
  end
end

-- Balance draw per record group; the client's total drawn is what drawing event by event would give.
local recs = {}
for g = 1, ng do
  local ci, cost
  ci, cost, pos = struct.unpack(GROUP, packed, pos)
  local st, at = state(ci)
  local coupon = math.min(cost, st.co)
  local cash = math.min(cost - coupon, st.ca)
  local credit = math.min(cost - coupon - cash, st.cr)
  local arrears = cost - coupon - cash - credit
  st.co, st.ca, st.cr, st.ar = st.co - coupon, st.ca - cash, st.cr - credit, st.ar + arrears
  at.co, at.ca, at.cr, at.ar = at.co - coupon, at.ca - cash, at.cr - credit, at.ar + arrears
  recs[g] = ARGV[o + 1 + g] .. string.format('|%d|%d', coupon, credit)
end

if ng > 0 then redis.call('XADD', KEYS[1], '*', 'r', table.concat(recs, '\n')) end
for ai, at in pairs(as) do
  save(KEYS[aOff + ai], at, AGENCY)
  ring_add(KEYS[arOff + ai], aring[ai])
end
local out = {1}
for ci, st in pairs(cs) do
  st.r = st.r + 1
  save(KEYS[cOff + ci], st, CLIENT)
  ring_add(KEYS[crOff + ci], cring[ci])
  out[#out + 1] = snapshot(ci, st, KEYS[cOff + ci], KEYS[crOff + ci], now)
end
return out
