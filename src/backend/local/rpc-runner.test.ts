import { describe, expect, it } from 'vitest';
import { RpcRunner, type Db } from './local-engine';
import { callerContext } from './rpc-sql';

/**
 * A database whose calls finish only when the test says so: records which API function each transaction ran, in
 * the order they started.
 */
function gatedDb() {
  const started: string[] = [];
  const gates: (() => void)[] = [];
  const db = {
    async transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
      let fnName = '';
      const tx = {
        async query(sql: string) {
          const m = /select api\.([a-z_]+)\(/.exec(sql);
          if (!m) return { rows: [] };
          fnName = m[1]!;
          started.push(fnName);
          await new Promise<void>((open) => gates.push(open));
          return { rows: [{ result: fnName }] };
        },
      };
      return fn(tx);
    },
  } as unknown as Db;
  /** Lets the call now running finish, and waits until the runner has started the next one (if any). */
  const finishOne = async () => {
    const count = started.length;
    gates.shift()!();
    for (let i = 0; i < 50 && started.length === count; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return { db, started, finishOne };
}

const ctx = callerContext('7e57da7a-0000-4000-8000-000000000001', { isAnonymous: true });

describe('RpcRunner', () => {
  it('runs one call at a time; a write overtakes the reads waiting, writes keep their order', async () => {
    const { db, started, finishOne } = gatedDb();
    const runner = new RpcRunner(db);
    const results = [
      runner.call(ctx, 'reports_in_view'),
      runner.call(ctx, 'work_list'),
      runner.call(ctx, 'my_reports'),
      runner.call(ctx, 'submit_report'),
      runner.call(ctx, 'change_status'),
    ];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['reports_in_view']); // one at a time
    for (let i = 0; i < 5; i++) await finishOne();
    expect(started).toEqual(['reports_in_view', 'submit_report', 'change_status', 'work_list', 'my_reports']);
    // each caller gets its own call's answer
    await expect(Promise.all(results)).resolves.toEqual(['reports_in_view', 'work_list', 'my_reports', 'submit_report', 'change_status']);
  });

  it('keeps plain arrival order among reads, and goes on after a call fails', async () => {
    const started: string[] = [];
    const db = {
      async transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
        return fn({
          async query(sql: string) {
            const name = /select api\.([a-z_]+)\(/.exec(sql)?.[1];
            if (!name) return { rows: [] };
            started.push(name);
            if (name === 'report_detail') throw new Error('boom');
            return { rows: [{ result: name }] };
          },
        });
      },
    } as unknown as Db;
    const runner = new RpcRunner(db);
    const a = runner.call(ctx, 'list_categories');
    const b = runner.call(ctx, 'report_detail');
    const c = runner.call(ctx, 'work_list');
    await expect(a).resolves.toBe('list_categories');
    await expect(b).rejects.toThrow('boom');
    await expect(c).resolves.toBe('work_list');
    expect(started).toEqual(['list_categories', 'report_detail', 'work_list']);
  });
});
