/**
 * The Lua shared by every ACD script, prepended to each one. It mirrors, and must stay in step
 * with, the pure domain in @ringwell/acd:
 * - scores: `scores.ts` (callScore, idleScore);
 * - eligibility: `eligibility.ts` + `skill-relaxation.ts` (lowest penalty tier among eligible,
 *   skills with relaxation over wait time, never below level 1);
 * - policies: `routing.policy.ts` (longest-idle, round-robin, ring-all, skills-based);
 * - the `offer` transition of `agent-state.machine.ts`.
 * `test/integration/acd-store.test.ts` checks the scripts against the pure router.
 *
 * Loaded once as a Redis Function library (see acd.library.ts). Every function's args start with
 * [1] tenant, [2] now (ms), [3] candidate scan limit, [4] offer grace (ms). Keys are built here
 * from the tenant's hash-tagged prefix, so all live in one slot.
 */
export const ACD_LUA_LIB = `
local T, NOW, NOW_S, SCAN, GRACE, P
local K_OFFERS, K_SEATS, K_AGENTS, K_WAITING_GROUPS, K_WRAPUPS, K_HISTORY, K_EVENTS
local TIER = 1e13
local EVENTS
-- Parsed ACD group and agent config, kept across calls: config is read on nearly every event
-- and changes rarely (an admin edit), and reading and parsing it was most of a routing
-- decision's cost. Per tenant, tagged with the tenant's config epoch, which every config write
-- increments in the same MULTI (RedisAcdStore.configure*): a call that sees another epoch drops
-- the tenant's cache. The cache lives in this Redis process's Lua VM only; a restart, a
-- promoted replica or a FUNCTION reload starts empty and fills on demand. Replication is not
-- affected: functions replicate their effects, not their reads.
local CFG_CACHE = {}
local GROUPS, AGENT_CFG
-- Calls served by this VM. A tenant's cache records the call that last used it; every 10,000
-- calls the caches of tenants unused for 100,000 calls are dropped, so a deleted tenant (or a
-- benchmark's) does not keep its config in Redis's memory until the library is reloaded.
local CALLS = 0
-- Lua's incremental collector, paced for latency rather than memory. Redis forces a collector
-- step every 50 script calls, and how much work a step does scales with the step multiplier:
-- at Lua's default (200) one step in 50 calls swept or marked thousands of the cache's objects
-- at once, and those calls were the scripts' p99.9 (2 ms at 10,000 agents). At 20 each step
-- does a tenth of that; the cost is a larger heap between cycles (about 20 MB instead of 5 at
-- 10,000 agents). Measured in docs/acd-store.md, "Pacing the collector". Set by the first call
-- into this VM, since the library's load-time code may not call collectgarbage; a reload or a
-- FUNCTION FLUSH resets GC_PACED with the rest of the library.
local GC_STEPMUL = 20
local GC_PACED = false
-- The agent cache is split into buckets so that no single table holds every agent: Lua 5.1
-- traverses a table in one indivisible collector step, and one 10,000-entry table was one
-- 10,000-entry pause.
local AGENT_BUCKETS = 64

-- Every function starts here: the library is loaded once, so per-call state lives in these
-- upvalues and is reset on each call (functions never run concurrently).
local function begin(args)
  T = args[1]
  NOW = tonumber(args[2])
  -- The store passes an integer (ms); kept as given, so writing it back costs no formatting.
  NOW_S = args[2]
  SCAN = tonumber(args[3])
  GRACE = tonumber(args[4])
  P = 'rw:{' .. T .. '}:acd:'
  K_OFFERS = P .. 'offers'
  K_SEATS = P .. 'seats'
  K_AGENTS = P .. 'agents'
  K_WAITING_GROUPS = P .. 'waiting-groups'
  K_WRAPUPS = P .. 'wrapups'
  K_HISTORY = P .. 'history'
  K_EVENTS = 'rw:{' .. T .. '}:acd:events'
  EVENTS = {}
  if not GC_PACED then
    collectgarbage('setstepmul', GC_STEPMUL)
    GC_PACED = true
  end
  local epoch = redis.call('GET', P .. 'cfg-epoch') or '0'
  local c = CFG_CACHE[T]
  if c == nil or c.epoch ~= epoch then
    c = { epoch = epoch, groups = {}, agents = {} }
    CFG_CACHE[T] = c
  end
  CALLS = CALLS + 1
  c.used = CALLS
  if CALLS % 10000 == 0 then
    for t, tc in pairs(CFG_CACHE) do
      if CALLS - tc.used > 100000 then CFG_CACHE[t] = nil end
    end
  end
  GROUPS = c.groups
  AGENT_CFG = c.agents
end

local function num(x) return string.format('%.0f', x) end
local function kAgent(a) return P .. 'agent:' .. a end
local function kAgentCfg(a) return P .. 'agent:' .. a .. ':cfg' end
local function kGrpCfg(g) return P .. 'grp:' .. g .. ':cfg' end
local function kIdle(g) return P .. 'grp:' .. g .. ':idle' end
local function kCalls(g) return P .. 'grp:' .. g .. ':calls' end
local function kCall(c) return P .. 'call:' .. c end
-- "a=1,b=2" -> { {'a', 1}, {'b', 2} }
local function pairs_of(s)
  local out = {}
  if not s or s == '' then return out end
  for item in string.gmatch(s, '[^,]+') do
    local k, v = string.match(item, '^([^=]+)=(.+)$')
    out[#out + 1] = { k, tonumber(v) }
  end
  return out
end

local function split(s)
  local out = {}
  if not s or s == '' then return out end
  for item in string.gmatch(s, '[^,]+') do out[#out + 1] = item end
  return out
end

local function group_cfg(g)
  local c = GROUPS[g]
  if c then return c end
  local r = redis.call('HMGET', kGrpCfg(g), 'strategy', 'relax', 'ringMs')
  if not r[1] then return nil end
  local relax = {}
  for _, p in ipairs(pairs_of(r[2])) do relax[#relax + 1] = { tonumber(p[1]), p[2] } end
  c = { strategy = r[1], relax = relax, ringMs = tonumber(r[3]) or 20000 }
  GROUPS[g] = c
  return c
end

-- An agent's config is one table: its array part holds the ACD groups and their penalties in
-- pairs (g1, p1, g2, p2, ...), its hash part the skill levels (skill -> level). Six tables per
-- agent had made the cache 10 MB of small objects at 10,000 agents, which Lua's collector walks
-- in the steps Redis runs every 50 calls; one table per agent keeps those steps short
-- (docs/acd-store.md, "Lua's collector and the tail").
local function agent_cfg(a)
  -- The bucket: the id's last two bytes (ids are [A-Za-z0-9_.-], usually ending in digits).
  local b1, b2 = string.byte(a, -2, -1)
  local bi = ((b1 or 0) * 7 + (b2 or 0)) % AGENT_BUCKETS
  local bucket = AGENT_CFG[bi]
  if bucket == nil then
    bucket = {}
    AGENT_CFG[bi] = bucket
  end
  local c = bucket[a]
  if c then return c end
  local h = redis.call('HMGET', kAgentCfg(a), 'groups', 'skills')
  c = {}
  for _, gp in ipairs(pairs_of(h[1])) do
    c[#c + 1] = gp[1]
    c[#c + 1] = gp[2]
  end
  for _, sp in ipairs(pairs_of(h[2])) do c[sp[1]] = sp[2] end
  bucket[a] = c
  return c
end

-- The agent's levels in the call's required skills (0 where missing).
local function agent_levels(a, cskills)
  local have = agent_cfg(a)
  local levels = {}
  for i, r in ipairs(cskills) do levels[i] = have[r[1]] or 0 end
  return levels
end

local function relax_by(relax, waited_s)
  local rb = 0
  for _, s in ipairs(relax) do
    if waited_s >= s[1] and s[2] > rb then rb = s[2] end
  end
  return rb
end

local function meets(levels, cskills, rb)
  for i, r in ipairs(cskills) do
    local need = r[2] - rb
    if need < 1 then need = 1 end
    if levels[i] < need then return false end
  end
  return true
end

local function skill_score(levels)
  local s = 0
  for _, l in ipairs(levels) do s = s + l end
  return s
end

local function idle_score(strategy, penalty, idle_since, last_offer_at)
  local key = idle_since
  if strategy == 'round-robin' then key = last_offer_at or (idle_since - 2e12) end
  return penalty * TIER + key
end

-- Keys of one tier lie within +-2e12 of penalty * TIER (see idle_score).
local function tier_of(score) return math.floor((score + 5e12) / TIER) end

-- idle_since / last_offer_at may be passed when the caller already has them (saves a read).
local function add_idle(a, idle_since, last_offer_at)
  if idle_since == nil then
    local h = redis.call('HMGET', kAgent(a), 'idleSince', 'lastOfferAt')
    idle_since = tonumber(h[1])
    last_offer_at = tonumber(h[2])
  end
  local c = agent_cfg(a)
  for i = 1, #c, 2 do
    local cfg = group_cfg(c[i])
    -- A membership of a group not (yet) configured is skipped, not an error.
    if cfg then redis.call('ZADD', kIdle(c[i]), num(idle_score(cfg.strategy, c[i + 1], idle_since, last_offer_at)), a) end
  end
end

local function remove_idle(a)
  local c = agent_cfg(a)
  for i = 1, #c, 2 do redis.call('ZREM', kIdle(c[i]), a) end
end

-- The agent hash of one APPLY or CLAIM record: args[b] is the field count f, then f name/value
-- pairs. Returns them as a table, and the index range of the pairs (for HSET ... unpack).
local function read_fields(args, b)
  local fb = b + 1
  local fe = b + 2 * tonumber(args[b])
  local fields = {}
  for j = fb, fe, 2 do fields[args[j]] = args[j + 1] end
  return fields, fb, fe
end

-- One history entry (history-entry.codec.ts): a single field holding a JSON array. Ids match
-- [A-Za-z0-9_.-] (assertId), so they are quoted without escaping.
local function history_entry(entry)
  redis.call('XADD', K_HISTORY, 'MAXLEN', '~', 1000000, '*', 'j', entry)
end

-- The history entry of an offer (available -> offered), built here since the script decides it.
local function history_offer(a, from_since, call_id, group)
  history_entry('["' .. a .. '","available",' .. from_since .. ',"offered",' .. NOW_S .. ',"offer","offer",null,"' .. call_id .. '","' .. group .. '"]')
end

-- The domain's 'offer' transition (available -> offered) for each agent, the call's offer
-- deadline (ring timeout + grace) for the reaper, history and the event. The call hash must
-- exist; the caller sets its state.
local function mark_offered(call_id, group, agents)
  local cfg = group_cfg(group)
  for _, a in ipairs(agents) do
    local ak = kAgent(a)
    local h = redis.call('HMGET', ak, 'v', 'since', 'pendingPause')
    redis.call('HSET', ak, 'state', 'offered', 'v', num(tonumber(h[1]) + 1), 'since', NOW_S,
      'lastOfferAt', NOW_S, 'callId', call_id, 'acdGroupId', group)
    if h[3] then redis.call('HDEL', ak, 'pendingPause') end
    remove_idle(a)
    history_offer(a, h[2], call_id, group)
  end
  redis.call('ZADD', K_OFFERS, num(NOW + cfg.ringMs + GRACE), call_id)
  EVENTS[#EVENTS + 1] = { type = 'offer', callId = call_id, acdGroupId = group, agents = agents }
  local list = table.concat(agents, ',')
  return { call_id, list }
end

-- Offers a call that is in its group's waiting list.
local function offer(call_id, agents)
  local ck = kCall(call_id)
  local group = redis.call('HGET', ck, 'group')
  redis.call('ZREM', kCalls(group), call_id)
  if redis.call('ZCARD', kCalls(group)) == 0 then redis.call('SREM', K_WAITING_GROUPS, group) end
  redis.call('HSET', ck, 'state', 'offered', 'agents', table.concat(agents, ','))
  return mark_offered(call_id, group, agents)
end

-- Agents to offer a waiting call to, following its ACD group's strategy. The idle list is in
-- (penalty, idle) order, so the first eligible agent is in the lowest eligible tier.
local function pick_agents(group, enq, skills)
  local cfg = group_cfg(group)
  local cskills = pairs_of(skills)
  local rb = relax_by(cfg.relax, (NOW - tonumber(enq)) / 1000)
  local single = cfg.strategy == 'longest-idle' or cfg.strategy == 'round-robin'
  if #cskills == 0 and cfg.strategy ~= 'ring-all' then
    -- Everyone is eligible (and, for skills-based, equally skilled): the head of the idle list
    -- is the answer, no need to look at anyone else.
    local head = redis.call('ZRANGE', kIdle(group), 0, 0)
    if head[1] then return { head[1] } end
    return {}
  end
  if single then
    -- The first eligible agent in idle order wins, whatever its tier. Most calls find one among
    -- the first few, so read the idle list in growing chunks rather than SCAN entries at once.
    local from, chunk = 0, 8
    while from < SCAN do
      local to = math.min(from + chunk, SCAN) - 1
      local cands = redis.call('ZRANGE', kIdle(group), from, to)
      for _, a in ipairs(cands) do
        if meets(agent_levels(a, cskills), cskills, rb) then return { a } end
      end
      if #cands <= to - from then return {} end
      from, chunk = to + 1, chunk * 4
    end
    return {}
  end
  local cands = redis.call('ZRANGE', kIdle(group), 0, SCAN - 1, 'WITHSCORES')
  local tier = nil
  local chosen = {}
  local best = nil
  local best_score = -1
  for i = 1, #cands, 2 do
    local a = cands[i]
    local t = tier_of(tonumber(cands[i + 1]))
    if tier ~= nil and t ~= tier then break end
    local levels = agent_levels(a, cskills)
    if meets(levels, cskills, rb) then
      tier = t
      if cfg.strategy == 'ring-all' then
        chosen[#chosen + 1] = a
      else
        local s = skill_score(levels)
        if s > best_score then best = a; best_score = s end
      end
    end
  end
  if cfg.strategy == 'skills-based' then
    if best then return { best } end
    return {}
  end
  table.sort(chosen)
  return chosen
end

-- The first waiting call, in tenant-wide order over the agent's ACD groups, the agent may take.
local function pick_call(a)
  local cfg_a = agent_cfg(a)
  if #cfg_a == 0 then return nil end
  -- One round trip finds which of the agent's groups have waiting calls at all (usually none).
  local names = {}
  for k = 1, #cfg_a, 2 do names[#names + 1] = cfg_a[k] end
  local waiting = redis.call('SMISMEMBER', K_WAITING_GROUPS, unpack(names))
  local best = nil
  local best_score = nil
  for gi, g in ipairs(names) do
    local gcfg = nil
    if waiting[gi] == 1 then gcfg = group_cfg(g) end
    local calls = {}
    if gcfg then calls = redis.call('ZRANGE', kCalls(g), 0, SCAN - 1, 'WITHSCORES') end
    for i = 1, #calls, 2 do
      local id = calls[i]
      local sc = tonumber(calls[i + 1])
      if best ~= nil and (sc > best_score or (sc == best_score and id > best)) then break end
      local c = redis.call('HMGET', kCall(id), 'enq', 'skills')
      local cskills = pairs_of(c[2])
      if meets(agent_levels(a, cskills), cskills, relax_by(gcfg.relax, (NOW - tonumber(c[1])) / 1000)) then
        best = id
        best_score = sc
        break
      end
    end
  end
  return best
end

local function route_call(call_id)
  local c = redis.call('HMGET', kCall(call_id), 'group', 'enq', 'skills')
  local agents = pick_agents(c[1], c[2], c[3])
  if #agents > 0 then return offer(call_id, agents) end
  return nil
end

local function route_agent(a)
  local c = pick_call(a)
  if c then return offer(c, { a }) end
  return nil
end

local function publish()
  if #EVENTS > 0 then redis.call('PUBLISH', K_EVENTS, cjson.encode(EVENTS)) end
end
`;
