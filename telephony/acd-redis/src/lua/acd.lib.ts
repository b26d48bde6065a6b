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
 * Common ARGV: [1] tenant, [2] now (ms), [3] candidate scan limit, [4] offer grace (ms).
 * Keys are built here from the tenant's hash-tagged prefix, so all live in one slot.
 */
export const ACD_LUA_LIB = `
local T = ARGV[1]
local NOW = tonumber(ARGV[2])
local SCAN = tonumber(ARGV[3])
local GRACE = tonumber(ARGV[4])
local P = 'rw:{' .. T .. '}:acd:'
local TIER = 1e13
local EVENTS = {}

local function num(x) return string.format('%.0f', x) end
local function kAgent(a) return P .. 'agent:' .. a end
local function kAgentCfg(a) return P .. 'agent:' .. a .. ':cfg' end
local function kGrpCfg(g) return P .. 'grp:' .. g .. ':cfg' end
local function kIdle(g) return P .. 'grp:' .. g .. ':idle' end
local function kCalls(g) return P .. 'grp:' .. g .. ':calls' end
local function kCall(c) return P .. 'call:' .. c end
local K_OFFERS = P .. 'offers'
local K_SEATS = P .. 'seats'
local K_AGENTS = P .. 'agents'
local K_WAITING_GROUPS = P .. 'waiting-groups'
local K_WRAPUPS = P .. 'wrapups'
local K_HISTORY = P .. 'history'
local K_EVENTS = 'rw:{' .. T .. '}:acd:events'

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

local GROUPS = {}
local function group_cfg(g)
  local c = GROUPS[g]
  if c then return c end
  local r = redis.call('HMGET', kGrpCfg(g), 'strategy', 'relax', 'ringMs')
  local relax = {}
  for _, p in ipairs(pairs_of(r[2])) do relax[#relax + 1] = { tonumber(p[1]), p[2] } end
  c = { strategy = r[1] or 'longest-idle', relax = relax, ringMs = tonumber(r[3]) or 20000 }
  GROUPS[g] = c
  return c
end

local AGENT_CFG = {}
local function agent_cfg(a)
  local c = AGENT_CFG[a]
  if c then return c end
  local r = redis.call('HMGET', kAgentCfg(a), 'groups', 'skills')
  local skills = {}
  for _, p in ipairs(pairs_of(r[2])) do skills[p[1]] = p[2] end
  c = { groups = pairs_of(r[1]), skills = skills }
  AGENT_CFG[a] = c
  return c
end

local function relax_by(relax, waited_s)
  local rb = 0
  for _, s in ipairs(relax) do
    if waited_s >= s[1] and s[2] > rb then rb = s[2] end
  end
  return rb
end

local function meets(askills, cskills, rb)
  for _, r in ipairs(cskills) do
    local need = r[2] - rb
    if need < 1 then need = 1 end
    if (askills[r[1]] or 0) < need then return false end
  end
  return true
end

local function skill_score(askills, cskills)
  local s = 0
  for _, r in ipairs(cskills) do s = s + (askills[r[1]] or 0) end
  return s
end

local function idle_score(strategy, penalty, idle_since, last_offer_at)
  local key = idle_since
  if strategy == 'round-robin' then key = last_offer_at or (idle_since - 2e12) end
  return penalty * TIER + key
end

-- Keys of one tier lie within +-2e12 of penalty * TIER.
local function tier_of(score) return math.floor((score + 5e12) / TIER) end

local function add_idle(a)
  local h = redis.call('HMGET', kAgent(a), 'idleSince', 'lastOfferAt')
  local idle_since = tonumber(h[1])
  local last_offer_at = tonumber(h[2])
  for _, gp in ipairs(agent_cfg(a).groups) do
    local cfg = group_cfg(gp[1])
    redis.call('ZADD', kIdle(gp[1]), num(idle_score(cfg.strategy, gp[2], idle_since, last_offer_at)), a)
  end
end

local function remove_idle(a)
  for _, gp in ipairs(agent_cfg(a).groups) do redis.call('ZREM', kIdle(gp[1]), a) end
end

local function history(a, from, from_since, to, event, reason, pause_reason, call_id, group)
  redis.call('XADD', K_HISTORY, 'MAXLEN', '~', 1000000, '*',
    'tenantId', T, 'agentId', a, 'from', from, 'fromSince', from_since, 'to', to, 'at', num(NOW),
    'event', event, 'reason', reason, 'pauseReason', pause_reason or '', 'callId', call_id or '', 'acdGroupId', group or '')
end

-- The domain's 'offer' transition (available -> offered), for each agent; the call leaves the
-- waiting list and gets an offer deadline (ring timeout + grace) for the reaper.
local function offer(call_id, agents)
  local ck = kCall(call_id)
  local group = redis.call('HGET', ck, 'group')
  local cfg = group_cfg(group)
  for _, a in ipairs(agents) do
    local ak = kAgent(a)
    local h = redis.call('HMGET', ak, 'v', 'since')
    redis.call('HSET', ak, 'state', 'offered', 'v', num(tonumber(h[1]) + 1), 'since', num(NOW),
      'lastOfferAt', num(NOW), 'callId', call_id, 'acdGroupId', group)
    redis.call('HDEL', ak, 'pendingPause')
    remove_idle(a)
    history(a, 'available', h[2], 'offered', 'offer', 'offer', nil, call_id, group)
  end
  redis.call('ZREM', kCalls(group), call_id)
  if redis.call('ZCARD', kCalls(group)) == 0 then redis.call('SREM', K_WAITING_GROUPS, group) end
  local list = table.concat(agents, ',')
  redis.call('HSET', ck, 'state', 'offered', 'agents', list)
  redis.call('ZADD', K_OFFERS, num(NOW + cfg.ringMs + GRACE), call_id)
  EVENTS[#EVENTS + 1] = { type = 'offer', callId = call_id, acdGroupId = group, agents = agents }
  return { call_id, list }
end

-- Agents to offer a waiting call to, following its ACD group's strategy.
local function pick_agents(call_id)
  local c = redis.call('HMGET', kCall(call_id), 'group', 'enq', 'skills')
  local group = c[1]
  local cfg = group_cfg(group)
  local cskills = pairs_of(c[3])
  local rb = relax_by(cfg.relax, (NOW - tonumber(c[2])) / 1000)
  local cands = redis.call('ZRANGE', kIdle(group), 0, SCAN - 1, 'WITHSCORES')
  local tier = nil
  local chosen = {}
  local best = nil
  local best_score = -1
  for i = 1, #cands, 2 do
    local a = cands[i]
    local t = tier_of(tonumber(cands[i + 1]))
    if tier ~= nil and t ~= tier then break end
    local askills = agent_cfg(a).skills
    if meets(askills, cskills, rb) then
      tier = t
      if cfg.strategy == 'ring-all' then
        chosen[#chosen + 1] = a
      elseif cfg.strategy == 'skills-based' then
        local s = skill_score(askills, cskills)
        if s > best_score then best = a; best_score = s end
      else
        return { a }
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
  local best = nil
  local best_score = nil
  for _, gp in ipairs(cfg_a.groups) do
    local g = gp[1]
    local gcfg = group_cfg(g)
    local calls = redis.call('ZRANGE', kCalls(g), 0, SCAN - 1, 'WITHSCORES')
    for i = 1, #calls, 2 do
      local id = calls[i]
      local sc = tonumber(calls[i + 1])
      if best ~= nil and (sc > best_score or (sc == best_score and id > best)) then break end
      local c = redis.call('HMGET', kCall(id), 'enq', 'skills')
      if meets(cfg_a.skills, pairs_of(c[2]), relax_by(gcfg.relax, (NOW - tonumber(c[1])) / 1000)) then
        best = id
        best_score = sc
        break
      end
    end
  end
  return best
end

local function route_call(call_id)
  local agents = pick_agents(call_id)
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
