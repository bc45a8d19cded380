/**
 * The Lua scripts a node runs in Redis: each is one atomic step, so two nodes racing for the
 * same room cannot both become its home.
 */

/**
 * The home of a room: the node its key names if that node is alive, else the asking node,
 * which takes the room. KEYS[1] room key; ARGV: asking node, key TTL (ms), node key prefix.
 */
export const ROUTE_ROOM = `
local home = redis.call('GET', KEYS[1])
if home and home ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. home) == 1 then return home end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

/**
 * Keeps this node's room keys alive (and puts back keys Redis lost in a restart), never taking
 * a room another node holds. ARGV: node, key TTL (ms), room keys…; returns the keys another
 * node holds.
 */
export const REFRESH_ROOMS = `
local lost = {}
for i = 3, #ARGV do
  local home = redis.call('GET', ARGV[i])
  if not home or home == ARGV[1] then
    redis.call('SET', ARGV[i], ARGV[1], 'PX', ARGV[2])
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost
`;

/** Deletes a room key if this node holds it. KEYS[1] room key; ARGV[1] node. */
export const RELEASE_ROOM = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
