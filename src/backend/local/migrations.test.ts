import { describe, expect, it } from 'vitest';
import { globToFiles, orderMigrations, parseMigrationFile, selectNewMigrations, unknownMigrations } from './migrations';

const f = (file: string) => ({ file, load: async () => file });

describe('migrations', () => {
  it('parses the Supabase file name', () => {
    expect(parseMigrationFile('/supabase/migrations/20261202000100_platform_and_roles.sql')).toEqual({
      file: '20261202000100_platform_and_roles.sql',
      version: '20261202000100',
      name: 'platform_and_roles',
    });
    expect(parseMigrationFile('README.md')).toBeNull();
    expect(parseMigrationFile('notes.sql')).toBeNull();
  });

  it('orders by version and skips files that are not migrations', () => {
    const out = orderMigrations([f('20261202000300_c.sql'), f('x.sql'), f('20261202000100_a.sql'), f('20261202000200_b.sql')]);
    expect(out.map((m) => m.version)).toEqual(['20261202000100', '20261202000200', '20261202000300']);
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

  it('finds the applied versions this build does not ship (a history from before the fold starts over)', () => {
    const all = orderMigrations([f('20261202000100_platform.sql'), f('20261202000200_reports.sql'), f('20261206100000_later.sql')]);
    // A browser that applied the old, unfolded migrations: every one of its versions is unknown now.
    expect(unknownMigrations(all, ['20261201000100', '20261201000200', '20261205900000'])).toEqual([
      '20261201000100',
      '20261201000200',
      '20261205900000',
    ]);
    // One unknown version among known ones is enough.
    expect(unknownMigrations(all, ['20261202000100', '20261205900000'])).toEqual(['20261205900000']);
    // A prefix of this build's set, the whole set, a new database, or a gap (applied in order): continue.
    expect(unknownMigrations(all, ['20261202000100'])).toEqual([]);
    expect(unknownMigrations(all, ['20261202000100', '20261202000200', '20261206100000'])).toEqual([]);
    expect(unknownMigrations(all, [])).toEqual([]);
    expect(unknownMigrations(all, ['20261202000100', '20261206100000'])).toEqual([]);
  });

  it('turns a Vite glob record into files', async () => {
    const files = globToFiles({ '/supabase/migrations/1_a.sql': async () => 'select 1' });
    expect(files[0]?.file).toBe('1_a.sql');
    expect(await files[0]?.load()).toBe('select 1');
  });
});
