-- Reads clients' live figures. KEYS: client hashes[n], client rings[n]. ARGV: now minute.
-- Reply: one snapshot per loaded client (clients not loaded are left out).
local n = #KEYS / 2
local now = tonumber(ARGV[1])
local out = {}
for ci = 1, n do
  if redis.call('EXISTS', KEYS[ci]) == 1 then
    out[#out + 1] = snapshot(ci, load(KEYS[ci]), KEYS[ci], KEYS[n + ci], now)
  end
end
return out
