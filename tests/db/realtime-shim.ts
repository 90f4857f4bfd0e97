/**
 * A small stand-in for Supabase Realtime's `postgres_changes`, for tests only.
 *
 * It speaks the Phoenix channel protocol that the installed @supabase/realtime-js (via @supabase/phoenix)
 * uses — serializer vsn 2.0.0: every text frame is `[join_ref, ref, topic, event, payload]` — as far as a
 * `postgres_changes` subscription needs it:
 *  - `GET /realtime/v1/websocket?apikey=…&vsn=2.0.0` upgrades to a WebSocket; a wrong apikey is refused (401);
 *  - `phoenix`/`heartbeat` → `phx_reply` ok;
 *  - `phx_join` with `{ config: { postgres_changes: [{ event, schema, table, filter? }], … }, access_token }`
 *    → the token is verified (HS256 signature and expiry, as Realtime does with the project's JWT secret) and
 *    `phx_reply` `{ status: 'ok', response: { postgres_changes: [{ id, event, schema, table, filter }] } }`,
 *    then a `system` "Subscribed to PostgreSQL" message; a bad token or a table it cannot serve → `phx_reply`
 *    `{ status: 'error' }`;
 *  - `access_token` on a joined channel → the channel's claims are replaced (a bad token closes the channel);
 *  - `phx_leave` → `phx_reply` ok, the channel is gone.
 *
 * Changes come from the real database, never invented: the shim LISTENs on `reports_changed` (the
 * statement-level trigger app.reports_notify of supabase/migrations/20261202000500_read_models.sql, `{ id, kind }`),
 * and for each subscriber reads the changed row AS THAT SUBSCRIBER — `set local role <role>` +
 * `request.jwt.claims`, as PostgREST and Realtime's RLS check do — and sends it only when RLS lets them see
 * it: `[null, null, topic, 'postgres_changes', { ids, data: { schema, table, commit_timestamp, type, columns,
 * record, errors } }]`. A role without SELECT on the table gets Realtime's `errors: ['Error 401: Unauthorized']`
 * and no record.
 *
 * What this is NOT: Supabase's Realtime server. Realtime reads the WAL through a replication slot and the
 * `supabase_realtime` publication, applies RLS with its own functions, batches, rate-limits, and has
 * broadcast/presence; none of that is here. So this proves our adapter and supabase-js against the documented
 * protocol and our RLS, not against Realtime itself. Not served: row filters, DELETE, `old_record`, the
 * `id: null` "many rows changed" notification (a WAL reader would send every row; the shim cannot know which),
 * private channels, broadcast and presence.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Claims {
  role: 'anon' | 'authenticated' | 'service_role';
  sub?: string;
  exp?: number;
  [key: string]: unknown;
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** An HS256 JWT, as GoTrue issues them (and the anon key is). */
export function signJwt(payload: Claims, secret: string): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** The claims of a JWT signed with `secret` and not expired; null otherwise. */
export function verifyJwt(token: string, secret: string, now = Date.now()): Claims | null {
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return null;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Claims;
    if (!['anon', 'authenticated', 'service_role'].includes(claims.role)) return null;
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) return null;
    return claims;
  } catch {
    return null;
  }
}

type Message = [string | null, string | null, string, string, Record<string, unknown>];

interface Binding {
  id: number;
  event: string;
  schema: string;
  table: string;
  filter?: string;
}

interface Channel {
  topic: string;
  joinRef: string | null;
  claims: Claims;
  bindings: Binding[];
}

export interface RealtimeShim {
  /** The project URL to give supabase-js (`http://127.0.0.1:<port>`). */
  url: string;
  /** What the shim saw, for assertions. */
  stats: {
    connections: number;
    heartbeats: number;
    joins: { topic: string; role: string; sub: string | null }[];
    refusedJoins: string[];
    tokenUpdates: { topic: string; sub: string | null }[];
    leaves: number;
    /** postgres_changes messages sent, per subscriber sub. */
    sent: { sub: string | null; id: string; type: string }[];
  };
  /** The joined channels now, with whose claims they read. */
  channels(): { topic: string; role: string; sub: string | null }[];
  /** Closes every client connection (as a server restart or a network drop would). */
  dropConnections(): void;
  /** Resolves when every notification received so far has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Only this table: its changes are what the reports_changed trigger reports. */
const SCHEMA = 'app';
const TABLE = 'reports';
const CHANNEL = 'reports_changed';

export async function startRealtimeShim(options: {
  database: pg.ClientConfig;
  anonKey: string;
  jwtSecret: string;
}): Promise<RealtimeShim> {
  const listener = new pg.Client(options.database);
  const reader = new pg.Client(options.database);
  await listener.connect();
  await reader.connect();
  const columns = (
    await reader.query<{ name: string; type: string }>(
      `select a.attname as name, t.typname as type
         from pg_attribute a join pg_type t on t.oid = a.atttypid
        where a.attrelid = 'app.reports'::regclass and a.attnum > 0 and not a.attisdropped
        order by a.attnum`,
    )
  ).rows;

  const sockets = new Map<WebSocket, Map<string, Channel>>();
  let nextBindingId = 1;
  const stats: RealtimeShim['stats'] = {
    connections: 0,
    heartbeats: 0,
    joins: [],
    refusedJoins: [],
    tokenUpdates: [],
    leaves: 0,
    sent: [],
  };

  const send = (ws: WebSocket, message: Message) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const reply = (ws: WebSocket, m: Message, status: 'ok' | 'error', response: Record<string, unknown>) =>
    send(ws, [m[0], m[1], m[2], 'phx_reply', { status, response }]);

  /** The changed row as `claims` may see it (RLS), or why not. */
  async function readAs(claims: Claims, id: string): Promise<{ record: Record<string, unknown> } | 'hidden' | 'unauthorized'> {
    const role = claims.role;
    await reader.query('begin');
    try {
      const privilege = await reader.query<{ ok: boolean }>(`select has_table_privilege($1, 'app.reports', 'select') as ok`, [role]);
      if (!privilege.rows[0]?.ok) return 'unauthorized';
      await reader.query(`set local role ${role === 'authenticated' ? 'authenticated' : role === 'service_role' ? 'service_role' : 'anon'}`);
      await reader.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
      const rows = await reader.query<{ record: Record<string, unknown> }>(
        `select to_jsonb(r) as record from app.reports r where r.id = $1`,
        [id],
      );
      return rows.rows[0] ? { record: rows.rows[0].record } : 'hidden';
    } finally {
      await reader.query('rollback');
    }
  }

  async function deliver(id: string, kind: 'insert' | 'update') {
    const type = kind === 'insert' ? 'INSERT' : 'UPDATE';
    for (const [ws, channels] of sockets) {
      for (const channel of channels.values()) {
        const ids = channel.bindings
          .filter((b) => b.schema === SCHEMA && b.table === TABLE && (b.event === '*' || b.event === type))
          .map((b) => b.id);
        if (ids.length === 0) continue;
        const seen = await readAs(channel.claims, id);
        if (seen === 'hidden') continue;
        const data: Record<string, unknown> = {
          schema: SCHEMA,
          table: TABLE,
          commit_timestamp: new Date().toISOString(),
          type,
          columns,
          errors: null,
        };
        if (seen === 'unauthorized') data.errors = ['Error 401: Unauthorized'];
        else data.record = seen.record;
        stats.sent.push({ sub: channel.claims.sub ?? null, id, type });
        send(ws, [null, null, channel.topic, 'postgres_changes', { ids, data }]);
      }
    }
  }

  // One notification at a time, in order: every subscriber sees the changes in commit order.
  let queue: Promise<void> = Promise.resolve();
  listener.on('notification', (n) => {
    if (n.channel !== CHANNEL || !n.payload) return;
    let change: { id?: unknown; kind?: unknown };
    try {
      change = JSON.parse(n.payload) as typeof change;
    } catch {
      return;
    }
    const { id, kind } = change;
    if (typeof id !== 'string' || (kind !== 'insert' && kind !== 'update')) return; // see "Not served" above
    queue = queue.then(() => deliver(id, kind)).catch((e: unknown) => console.error('[realtime-shim]', e));
  });
  await listener.query(`listen ${CHANNEL}`);

  function handle(ws: WebSocket, channels: Map<string, Channel>, m: Message) {
    const [, , topic, event, payload] = m;
    if (topic === 'phoenix' && event === 'heartbeat') {
      stats.heartbeats++;
      return reply(ws, m, 'ok', {});
    }
    if (event === 'phx_join') {
      const config = (payload.config ?? {}) as { postgres_changes?: Omit<Binding, 'id'>[]; private?: boolean };
      const token = typeof payload.access_token === 'string' ? payload.access_token : options.anonKey;
      const claims = verifyJwt(token, options.jwtSecret);
      const refuse = (reason: string) => {
        stats.refusedJoins.push(reason);
        reply(ws, m, 'error', { reason });
      };
      if (!claims) return refuse('Invalid JWT');
      if (config.private) return refuse('private channels are not served by the test shim');
      const requested = config.postgres_changes ?? [];
      for (const b of requested) {
        if (b.schema !== SCHEMA || b.table !== TABLE || b.filter)
          return refuse(`not served by the test shim: ${b.schema}.${b.table}${b.filter ? ` (${b.filter})` : ''}`);
        if (!['*', 'INSERT', 'UPDATE', 'DELETE'].includes(b.event)) return refuse(`invalid event ${b.event}`);
      }
      const bindings = requested.map((b) => ({ ...b, id: nextBindingId++ }));
      channels.set(topic, { topic, joinRef: m[0], claims, bindings });
      stats.joins.push({ topic, role: claims.role, sub: claims.sub ?? null });
      reply(ws, m, 'ok', {
        postgres_changes: bindings.map((b) => ({ id: b.id, event: b.event, schema: b.schema, table: b.table, filter: b.filter })),
      });
      if (bindings.length > 0)
        send(ws, [m[0], null, topic, 'system', {
          message: 'Subscribed to PostgreSQL',
          status: 'ok',
          extension: 'postgres_changes',
          channel: topic.replace(/^realtime:/, ''),
        }]);
      return;
    }
    const channel = channels.get(topic);
    if (event === 'access_token') {
      if (!channel) return;
      const claims = typeof payload.access_token === 'string' ? verifyJwt(payload.access_token, options.jwtSecret) : null;
      if (!claims) {
        channels.delete(topic);
        send(ws, [channel.joinRef, null, topic, 'system', { message: 'Invalid JWT', status: 'error', extension: 'system' }]);
        send(ws, [channel.joinRef, channel.joinRef, topic, 'phx_close', {}]);
        return;
      }
      channel.claims = claims;
      stats.tokenUpdates.push({ topic, sub: claims.sub ?? null });
      return;
    }
    if (event === 'phx_leave') {
      channels.delete(topic);
      stats.leaves++;
      return reply(ws, m, 'ok', {});
    }
    // broadcast, presence …: not served
    if (m[1] !== null) reply(ws, m, 'error', { reason: `not served by the test shim: ${event}` });
  }

  const server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/realtime/v1/websocket' || url.searchParams.get('vsn') !== '2.0.0') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (url.searchParams.get('apikey') !== options.anonKey) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      stats.connections++;
      const channels = new Map<string, Channel>();
      sockets.set(ws, channels);
      ws.on('message', (data, isBinary) => {
        if (isBinary) return; // binary frames are broadcast pushes: not served
        let m: Message;
        try {
          m = JSON.parse(String(data)) as Message;
        } catch {
          return;
        }
        if (!Array.isArray(m) || m.length !== 5) return;
        handle(ws, channels, m);
      });
      ws.on('close', () => sockets.delete(ws));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    channels: () =>
      [...sockets.values()].flatMap((chs) =>
        [...chs.values()].map((c) => ({ topic: c.topic, role: c.claims.role, sub: c.claims.sub ?? null })),
      ),
    dropConnections() {
      for (const ws of sockets.keys()) ws.terminate();
    },
    idle: () => queue,
    async close() {
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await listener.end();
      await reader.end();
    },
  };
}
