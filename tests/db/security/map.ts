/**
 * The public map's time summary (issue 16) in the access matrix (docs/security-map.md): app.report_cells_by_day,
 * like app.report_cells, is internal to api.reports_in_view; no role has any privilege on it.
 */
import type { SecurityArea } from './area';

const NO = 'no no no no no no';

export const mapArea: SecurityArea = {
  tables: {
    'app.report_cells_by_day': { read: NO, create: NO, update: NO, delete: NO },
  },
  functions: {},
  writes: {
    'app.report_cells_by_day': {
      create: `insert into app.report_cells_by_day (level, day, gx, gy, challenge, n, sx, sy) values (4, '2000-01-01', 1, 1, 'renhallning', 1, 0, 0)`,
      update: `update app.report_cells_by_day set n = n`,
      delete: `delete from app.report_cells_by_day`,
    },
  },
};
