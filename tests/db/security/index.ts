/** Every area's part of the access matrix: each file here (but this one and area.ts) exports one SecurityArea. */
import type { SecurityArea } from './area';

const files = import.meta.glob<Record<string, unknown>>(['./*.ts', '!./index.ts', '!./area.ts'], { eager: true });

const isArea = (v: unknown): v is SecurityArea =>
  typeof v === 'object' && v !== null && 'tables' in v && 'functions' in v && 'writes' in v;

export const AREAS: SecurityArea[] = Object.keys(files)
  .sort()
  .flatMap((file) => Object.values(files[file]!).filter(isArea));
