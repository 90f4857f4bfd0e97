import { describe, expect, it } from 'vitest';
import { globToFiles, orderMigrations, parseMigrationFile, selectNewMigrations } from './migrations';

const f = (file: string) => ({ file, load: async () => file });

describe('migrations', () => {
  it('parses the Supabase file name', () => {
    expect(parseMigrationFile('/supabase/migrations/20261201000100_create_app.sql')).toEqual({
      file: '20261201000100_create_app.sql',
      version: '20261201000100',
      name: 'create_app',
    });
    expect(parseMigrationFile('README.md')).toBeNull();
    expect(parseMigrationFile('notes.sql')).toBeNull();
  });

  it('orders by version and skips files that are not migrations', () => {
    const out = orderMigrations([f('20261201000300_c.sql'), f('x.sql'), f('20261201000100_a.sql'), f('20261201000200_b.sql')]);
    expect(out.map((m) => m.version)).toEqual(['20261201000100', '20261201000200', '20261201000300']);
  });

  it('refuses two files with the same version', () => {
    expect(() => orderMigrations([f('1_a.sql'), f('1_b.sql')])).toThrow(/duplicate/);
  });

  it('selects only the migrations not yet applied, in order', () => {
    const all = orderMigrations([f('3_c.sql'), f('1_a.sql'), f('2_b.sql'), f('4_d.sql')]);
    expect(selectNewMigrations(all, ['1', '2']).map((m) => m.file)).toEqual(['3_c.sql', '4_d.sql']);
    expect(selectNewMigrations(all, ['1', '2', '3', '4'])).toEqual([]);
    expect(selectNewMigrations(all, []).length).toBe(4);
  });

  it('turns a Vite glob record into files', async () => {
    const files = globToFiles({ '/supabase/migrations/1_a.sql': async () => 'select 1' });
    expect(files[0]?.file).toBe('1_a.sql');
    expect(await files[0]?.load()).toBe('select 1');
  });
});
