-- Reads one partition's partial of an agency's live totals. KEYS: agency partial, agency ring.
-- ARGV: now minute. Reply: d s sp sb m0 m1 m2 m3 i k v n ca co cr ar w1 w5 w15 w30 w60.
local st = load(KEYS[1])
local w1, w5, w15, w30, w60 = windows(KEYS[2], tonumber(ARGV[1]))
return {st.d, st.s, st.sp, st.sb, st.m0, st.m1, st.m2, st.m3, st.i, st.k, st.v, st.n,
        st.ca, st.co, st.cr, st.ar, w1, w5, w15, w30, w60}
