import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { insideMalmo } from './inside';
import { buildEvents, guessCrs, guessMapping, readRiskTable, riskTableOfSheet, type RiskTable } from './risk-file';
import { cellText, firstSheetWithRows, looksLikeZip, readXlsxSheets, XlsxReadError } from './xlsx';
import { stradaWorkbook, writeXlsx, zipStored } from './xlsx-writer.test-support';

const root = join(__dirname, '../../../../..');
const csvBytes = new Uint8Array(readFileSync(join(root, 'tests/fixtures/risks/strada-malmo.csv')));
const boundary = JSON.parse(readFileSync(join(root, 'public/data/malmo_kommun.geojson'), 'utf8')).features[0] as Feature<
  Polygon | MultiPolygon
>;
const inside = insideMalmo(boundary);
const TODAY = '2026-12-06';

function preview(table: RiskTable) {
  const mapping = guessMapping(table);
  const crs = guessCrs(table, mapping);
  return { mapping, crs, preview: buildEvents(table, { format: table.format, mapping, crs: crs.code!, swapped: crs.swapped, fixedType: 'x', inside, today: TODAY }) };
}

const stradaWorkbookOfFixture = () => stradaWorkbook(readRiskTable('strada-malmo.csv', csvBytes));

describe('Excel workbooks', () => {
  it('are told by their bytes (a zip), not their names', () => {
    expect(looksLikeZip(stradaWorkbookOfFixture())).toBe(true);
    expect(looksLikeZip(csvBytes)).toBe(false);
    expect(looksLikeZip(new Uint8Array([0x50, 0x4b]))).toBe(false);
  });

  it('a Strada export saved as .xlsx gives the same table and the same events as the CSV export', async () => {
    const sheets = await readXlsxSheets(stradaWorkbookOfFixture());
    expect(sheets.map((s) => [s.name, s.sheets])).toEqual([['Personer', 2], ['Urval', 2]]);
    const sheet = sheets[firstSheetWithRows(sheets)]!;
    expect(sheet.name).toBe('Personer');
    const fromXlsx = riskTableOfSheet(sheet);
    const fromCsv = readRiskTable('strada-malmo.csv', csvBytes);
    expect(fromXlsx.format).toBe('strada');
    expect(fromXlsx.fields).toEqual(fromCsv.fields);
    expect(fromXlsx.sheet).toEqual({ name: 'Personer', sheets: 2 });
    // Dates and times come as the CSV writes them, plus seconds; names in UTF-8 whatever the CSV's encoding was.
    expect(fromXlsx.rows[2]!.slice(0, 4)).toEqual(['2026-04-02', '16:20:00', 'Malmö', 'Föreningsgatan']);
    const a = preview(fromXlsx);
    const b = preview(fromCsv);
    expect(a.mapping).toEqual(b.mapping);
    expect(a.crs).toEqual(b.crs);
    expect(a.preview.events).toEqual(b.preview.events);
    expect(a.preview.byReason).toEqual(b.preview.byReason);
    expect(a.preview.byReason).toEqual({ not_injured: 1, outside_malmo: 1, no_date: 1 });
    expect(a.preview.events).toHaveLength(6);
    expect(a.preview.events[0]).toMatchObject({ type: 'injury_slight', occurred_at: '2026-03-14T07:45:00', road_users: ['cyclist'] });
  });

  it('a date and time in one cell, blank rows dropped, numbers as written', async () => {
    const [sheet] = await readXlsxSheets(
      writeXlsx([
        {
          name: 'Händelser',
          rows: [
            ['tidpunkt', 'lat', 'lon', 'kategori'],
            [{ dateTime: '2026-05-01 22:15:30' }, 55.605, 13.0035, 'Skadegörelse'],
            [null, null, null, null],
            [{ dateTime: '2026-05-02 00:00' }, 55.6, 13.01, 'Brand'],
          ],
        },
      ]),
    );
    expect(sheet!.rows).toEqual([
      ['tidpunkt', 'lat', 'lon', 'kategori'],
      ['2026-05-01 22:15:30', '55.605', '13.0035', 'Skadegörelse'],
      ['2026-05-02', '55.6', '13.01', 'Brand'],
    ]);
    const { preview: p } = preview(riskTableOfSheet(sheet!));
    expect(p.events.map((e) => [e.type, e.occurred_at])).toEqual([
      ['event:skadegorelse', '2026-05-01T22:15:30'],
      ['event:brand', '2026-05-02T00:00:00'],
    ]);
  });

  it('every sheet is read, in order; the first shown is the first with rows (a cover sheet is skipped)', async () => {
    const sheets = await readXlsxSheets(
      writeXlsx([
        { name: 'Om uttaget', rows: [['Uttag ur Strada, Malmö, 2026']] },
        { name: 'Tom', rows: [] },
        { name: 'Olyckor', rows: [['Olycksdatum', 'Kommun'], [{ date: '2026-03-14' }, 'Malmö']] },
      ]),
    );
    expect(sheets.map((s) => [s.name, s.rows.length])).toEqual([['Om uttaget', 1], ['Tom', 0], ['Olyckor', 2]]);
    expect(firstSheetWithRows(sheets)).toBe(2);
    expect(firstSheetWithRows(sheets.slice(0, 2))).toBe(0);
  });

  it('a zip that is not a workbook, and a damaged one, are refused with invalid_xlsx', async () => {
    const notAWorkbook = zipStored({ 'readme.txt': 'hej' });
    await expect(readXlsxSheets(notAWorkbook)).rejects.toBeInstanceOf(XlsxReadError);
    const damaged = stradaWorkbookOfFixture().slice(0, 200);
    await expect(readXlsxSheets(damaged)).rejects.toThrow(/^invalid_xlsx/);
  });

  it('cell values as text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(6163766)).toBe('6163766');
    expect(cellText(new Date(Date.UTC(2026, 2, 14)))).toBe('2026-03-14');
    expect(cellText(new Date(Date.UTC(2026, 2, 14, 7, 45)))).toBe('2026-03-14 07:45:00');
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 7, 45)))).toBe('07:45:00');
    expect(cellText(true)).toBe('true');
  });
});
