import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { importRiskEvents } from '../../../api/risk-events';
import type { Backend } from '../../../backend';
import { KNOWN_CRS, knownCrs, type CrsCode } from '../../../geo/crs';
import { ENCODINGS, type Encoding } from '../../../geo/text-encoding';
import { invalidateAfterWrite, useMalmoBoundary } from '../../../hooks';
import { Button, ErrorMessage, formatNumber, toLang } from '../../../ui';
import { insideMalmo } from './lib/inside';
import {
  buildEvents,
  guessCrs,
  guessMapping,
  importParts,
  MAPPING_ROLES,
  MAX_EVENTS_PER_CALL,
  readRiskTable,
  RiskFileError,
  riskTableOfSheet,
  ROW_REFUSALS,
  sourceKindOf,
  type ColumnMapping,
  type RiskFileFormat,
  type RiskTable,
} from './lib/risk-file';
import { firstSheetWithRows, looksLikeZip, readXlsxSheets, type XlsxSheet } from './lib/xlsx';
import { typeLabel } from './lib/type-label';

/** Stockholm's today as 'YYYY-MM-DD' (the database's "up to today"). */
export function stockholmToday(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const SAMPLE_ROWS = 5;

type Step =
  | { state: 'idle' }
  | { state: 'sending'; part: number; parts: number; sent: number; total: number }
  | { state: 'done'; inserted: number; parts: number }
  /** `part` failed (1-based); `landed` are the names of the parts saved before it (this press or an earlier one). */
  | { state: 'failed'; error: unknown; part: number; parts: number; landed: string[] };

/** A chosen file: its bytes, and for an Excel workbook its sheets (read once, asynchronously) or why not. */
type ChosenFile = { name: string; bytes: Uint8Array; sheets?: XlsxSheet[]; sheetError?: unknown };

/**
 * Import of actual-risk events: choose a file, see what was read (format, encoding, coordinate system, columns —
 * each detected and changeable), a preview with the rows left out and why, the source's provenance, then the
 * import in parts with progress. Nothing is sent before the strategist presses "Importera".
 */
export function RiskImport({ backend }: { backend: Backend }) {
  const { t, i18n } = useTranslation('strategy');
  const lang = toLang(i18n.language);
  const id = useId();
  const queryClient = useQueryClient();
  const boundary = useMalmoBoundary();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [sheetIndex, setSheetIndex] = useState(0);
  const [reading, setReading] = useState(false);
  const [encoding, setEncoding] = useState<Encoding | ''>('');
  const [format, setFormat] = useState<RiskFileFormat | ''>('');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [crs, setCrs] = useState<CrsCode | ''>('');
  const [swap, setSwap] = useState<boolean | null>(null);
  const [fixedType, setFixedType] = useState('');
  const [name, setName] = useState('');
  const [provenance, setProvenance] = useState('');
  const [licence, setLicence] = useState('');
  const [step, setStep] = useState<Step>({ state: 'idle' });
  // The parts of this preview already saved (by index): after a failure, a new press sends only the others.
  const [landed, setLanded] = useState<{ of: unknown; parts: Map<number, string> } | null>(null);
  const today = stockholmToday();

  const read = useMemo((): { table: RiskTable } | { error: unknown } | null => {
    if (!file) return null;
    if (file.sheetError) return { error: file.sheetError };
    try {
      const sheet = file.sheets?.[sheetIndex];
      const table = sheet ? riskTableOfSheet(sheet) : readRiskTable(file.name, file.bytes, encoding ? { encoding } : {});
      return { table: format && table.format !== 'police' && table.format !== 'geojson' ? { ...table, format } : table };
    } catch (error) {
      return { error };
    }
  }, [file, sheetIndex, encoding, format]);
  const table = read && 'table' in read ? read.table : null;
  const activeMapping = useMemo(() => mapping ?? (table ? guessMapping(table) : null), [mapping, table]);
  const detected = useMemo(() => (table && activeMapping ? guessCrs(table, activeMapping) : null), [table, activeMapping]);
  const crsCode = crs || detected?.code || '';
  const swapped = swap ?? detected?.swapped ?? false;
  const inside = useMemo(() => (boundary.data ? insideMalmo(boundary.data) : null), [boundary.data]);
  const preview = useMemo(() => {
    if (!table || !activeMapping || !crsCode || !inside) return null;
    return buildEvents(table, { format: table.format, mapping: activeMapping, crs: crsCode, swapped, fixedType: fixedType || 'handelse', inside, today });
  }, [table, activeMapping, crsCode, swapped, fixedType, inside, today]);

  /** What was chosen for the previous table (a new file or another sheet starts over). */
  const resetChoices = () => {
    setStep({ state: 'idle' });
    setEncoding('');
    setFormat('');
    setMapping(null);
    setCrs('');
    setSwap(null);
    setLanded(null);
  };
  const onFile = async (f: File | undefined) => {
    resetChoices();
    if (!f) return setFile(null);
    const bytes = new Uint8Array(await f.arrayBuffer());
    setName(f.name.replace(/\.[^.]+$/, ''));
    if (!looksLikeZip(bytes)) return setFile({ name: f.name, bytes });
    // An Excel workbook: its reader is loaded now, and the sheet read once.
    setFile(null);
    setReading(true);
    try {
      const sheets = await readXlsxSheets(bytes);
      setSheetIndex(firstSheetWithRows(sheets));
      setFile({ name: f.name, bytes, sheets });
    } catch (error) {
      setFile({ name: f.name, bytes, sheetError: new RiskFileError('invalid_xlsx', error instanceof Error ? error.message : undefined) });
    } finally {
      setReading(false);
    }
  };

  // Once imported, the same file is not sent twice by a second press (a new file starts again).
  const canImport = !!preview && preview.events.length > 0 && name.trim() !== '' && provenance.trim() !== '' && step.state !== 'sending' && step.state !== 'done';
  const onImport = async (e: FormEvent) => {
    e.preventDefault();
    if (!preview || !table || !canImport) return;
    const parts = importParts(preview.events, name.trim(), today, MAX_EVENTS_PER_CALL, (n, part, of) =>
      t('risks.import.partName', { name: n, part, parts: of }),
    );
    // Parts saved by an earlier press for this same preview are not sent again.
    const saved = landed?.of === preview ? new Map(landed.parts) : new Map<number, string>();
    let sent = [...saved.keys()].reduce((n, k) => n + parts[k]!.events.length, 0);
    let current = 0;
    try {
      for (const [k, part] of parts.entries()) {
        if (saved.has(k)) continue;
        current = k;
        setStep({ state: 'sending', part: k + 1, parts: parts.length, sent, total: preview.events.length });
        await importRiskEvents.call(backend, {
          source: {
            name: part.name,
            kind: sourceKindOf(table.format),
            provenance: provenance.trim(),
            licence: licence.trim() || null,
            period_from: part.from,
            period_to: part.to,
          },
          events: part.events,
        });
        sent += part.events.length;
        saved.set(k, part.name);
        setLanded({ of: preview, parts: new Map(saved) });
      }
      setStep({ state: 'done', inserted: sent, parts: parts.length });
    } catch (error) {
      setStep({ state: 'failed', error, part: current + 1, parts: parts.length, landed: [...saved.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n) });
    }
    await invalidateAfterWrite(queryClient);
  };

  const fmt = (n: number) => formatNumber(n, lang);
  const fileError = read && 'error' in read ? read.error : null;
  const fileErrorCode = fileError instanceof RiskFileError ? fileError.code : 'invalid_file';
  const field = (role: (typeof MAPPING_ROLES)[number]) => (
    <label key={role}>
      {t(`risks.mapping.${role}`)}
      <select
        aria-label={t(`risks.mapping.${role}`)}
        value={activeMapping?.[role] ?? ''}
        onChange={(e) => setMapping({ ...activeMapping!, [role]: e.target.value || null })}
        data-testid={`risk-map-${role}`}
      >
        <option value="">{t('risks.mapping.none')}</option>
        {table!.fields.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </label>
  );
  const rolesShown = table?.format === 'strada' ? MAPPING_ROLES.filter((r) => r !== 'type') : MAPPING_ROLES.filter((r) => r !== 'severity');

  return (
    <section className="risks-import" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('risks.import.title')}</h4>
      <p className="hint">{t('risks.import.intro')}</p>
      <label className="risks-file">
        {t('risks.import.file')}
        <input
          type="file"
          accept=".csv,.txt,.json,.geojson,.xlsx,text/csv,application/json,application/geo+json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => void onFile(e.target.files?.[0])}
          data-testid="risk-file"
        />
      </label>
      <p className="hint">{t('risks.import.formats')}</p>
      {reading ? <p role="status">{t('risks.import.reading')}</p> : null}

      {file?.sheets && file.sheets.length > 1 ? (
        // Outside the preview: a sheet that cannot be read (a cover sheet) must not take the choice away.
        <label className="risks-sheet">
          {t('risks.import.sheetChoice')}
          <select
            value={sheetIndex}
            onChange={(e) => {
              resetChoices();
              setSheetIndex(Number(e.target.value));
            }}
            data-testid="risk-sheet"
          >
            {file.sheets.map((sheet, i) => (
              <option key={i} value={i}>
                {t('risks.import.sheetOption', { sheet: sheet.name, count: Math.max(0, sheet.rows.length - 1) })}
              </option>
            ))}
          </select>
        </label>
      ) : null}

      {fileError ? (
        <p role="alert" className="error-message" data-testid="risk-file-error">
          {t(`risks.fileErrors.${fileErrorCode}`)}
        </p>
      ) : null}

      {table && activeMapping ? (
        <div className="risks-read" data-testid="risk-read">
          <h5>{t('risks.import.read')}</h5>
          <div className="risks-grid">
            <label>
              {t('risks.import.format')}
              <select
                aria-label={t('risks.import.format')}
                value={table.format}
                disabled={table.format === 'police' || table.format === 'geojson'}
                onChange={(e) => {
                  setFormat(e.target.value as RiskFileFormat);
                  setMapping(null);
                }}
                data-testid="risk-format"
              >
                {(['strada', 'police', 'csv', 'geojson'] as const).map((f) => (
                  <option key={f} value={f} disabled={f === 'police' || f === 'geojson'}>
                    {t(`risks.formats.${f}`)}
                  </option>
                ))}
              </select>
            </label>
            {table.sheet ? (
              // A workbook's text is Unicode: no encoding to guess (its sheet is chosen above when it has several).
              table.sheet.sheets > 1 ? null : (
                <p className="hint" data-testid="risk-sheet">
                  {t('risks.import.sheetOne', { sheet: table.sheet.name })}
                </p>
              )
            ) : (
              <label>
                {t('risks.import.encoding')}
                <select aria-label={t('risks.import.encoding')} value={table.encoding.name} onChange={(e) => setEncoding(e.target.value)} data-testid="risk-encoding">
                  {ENCODINGS.map((enc) => (
                    <option key={enc} value={enc}>
                      {enc}
                    </option>
                  ))}
                </select>
                <span className="hint">{t(`risks.encodingSource.${table.encoding.source}`)}</span>
              </label>
            )}
            <label>
              {t('risks.import.crs')}
              <select aria-label={t('risks.import.crs')} value={crsCode} onChange={(e) => setCrs(e.target.value)} data-testid="risk-crs">
                {!crsCode ? <option value="">{t('risks.import.crsChoose')}</option> : null}
                {KNOWN_CRS.map((c) => (
                  <option key={c.epsg} value={`EPSG:${c.epsg}`}>
                    {c.name} (EPSG:{c.epsg})
                  </option>
                ))}
              </select>
              <span className="hint">
                {crs
                  ? t('risks.crsSource.user')
                  : detected?.source === 'file'
                    ? t('risks.crsSource.file')
                    : detected?.source === 'coordinates'
                      ? t('risks.crsSource.coordinates', { name: knownCrs(crsCode)?.name ?? crsCode })
                      : t('risks.crsSource.none')}
              </span>
            </label>
            <label className="risks-check">
              <input type="checkbox" checked={swapped} onChange={(e) => setSwap(e.target.checked)} data-testid="risk-swap" />{' '}
              {t('risks.import.swap')}
            </label>
          </div>
          <fieldset className="risks-mapping">
            <legend>{t('risks.mapping.title')}</legend>
            <div className="risks-grid">{rolesShown.map(field)}</div>
            {table.format === 'csv' || table.format === 'geojson' ? (
              <label>
                {t('risks.mapping.fixedType')}
                <input value={fixedType} onChange={(e) => setFixedType(e.target.value)} placeholder={t('risks.mapping.fixedTypePlaceholder')} maxLength={40} />
              </label>
            ) : null}
          </fieldset>
        </div>
      ) : null}

      {table && !crsCode ? <p className="hint">{t('risks.import.needCrs')}</p> : null}

      {preview ? (
        <div className="risks-preview" data-testid="risk-preview" aria-live="polite">
          <h5>{t('risks.preview.title')}</h5>
          <p data-testid="risk-preview-summary">
            {t('risks.preview.summary', {
              events: fmt(preview.events.length),
              rows: fmt(table!.rows.length),
              from: preview.range?.from ?? '–',
              to: preview.range?.to ?? '–',
            })}
          </p>
          {table!.format === 'police' && preview.events.length > 1 && preview.positions < preview.events.length ? (
            <p className="hint">{t('risks.preview.samePositions', { positions: fmt(preview.positions) })}</p>
          ) : null}
          {preview.refused.length > 0 ? (
            <div data-testid="risk-refusals">
              <p>{t('risks.preview.refused', { count: preview.refused.length, formatted: fmt(preview.refused.length) })}</p>
              <ul>
                {ROW_REFUSALS.filter((r) => preview.byReason[r]).map((r) => (
                  <li key={r} data-reason={r}>
                    {t(`risks.refusals.${r}`, { count: preview.byReason[r]!, formatted: fmt(preview.byReason[r]!) })}{' '}
                    <span className="hint">
                      {t('risks.preview.rows', {
                        rows: preview.refused
                          .filter((x) => x.reason === r)
                          .slice(0, 8)
                          .map((x) => x.row)
                          .join(', '),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.events.length > 0 ? (
            <>
              <p>
                <strong>{t('risks.preview.types')}</strong>
              </p>
              <ul className="risks-types">
                {Object.entries(preview.types)
                  .sort((a, b) => b[1] - a[1])
                  .map(([type, n]) => (
                    <li key={type}>
                      {typeLabel(t, type)}: {fmt(n)}
                    </li>
                  ))}
              </ul>
              <div className="table-scroll" tabIndex={0}>
                <table className="strategy-table" data-testid="risk-sample">
                  <caption>{t('risks.preview.sample', { n: Math.min(SAMPLE_ROWS, preview.events.length) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('risks.preview.when')}</th>
                      <th scope="col">{t('risks.preview.type')}</th>
                      <th scope="col">{t('risks.preview.place')}</th>
                      <th scope="col">{t('risks.preview.position')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.events.slice(0, SAMPLE_ROWS).map((ev, k) => (
                      <tr key={k}>
                        <td>{ev.occurred_at.replace('T', ' ')}</td>
                        <td>
                          {typeLabel(t, ev.type)}
                          {ev.road_users?.length ? ` (${ev.road_users.map((u) => t(`risks.roadUsers.${u}`)).join(', ')})` : ''}
                        </td>
                        <td>{ev.place_name ?? ''}</td>
                        <td>
                          {ev.lat?.toFixed(5)}, {ev.lon?.toFixed(5)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p className="hint">{t('risks.preview.nothing')}</p>
          )}
        </div>
      ) : null}

      {preview && preview.events.length > 0 ? (
        <form className="risks-provenance" onSubmit={(e) => void onImport(e)} aria-labelledby={`${id}-p`}>
          <h5 id={`${id}-p`}>{t('risks.provenance.title')}</h5>
          <label>
            {t('risks.provenance.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required data-testid="risk-name" />
          </label>
          <label>
            {t('risks.provenance.source')}
            <textarea
              value={provenance}
              onChange={(e) => setProvenance(e.target.value)}
              maxLength={2000}
              required
              rows={3}
              placeholder={t(`risks.provenance.sourcePlaceholder.${sourceKindOf(table!.format)}`)}
              data-testid="risk-provenance"
            />
          </label>
          <label>
            {t('risks.provenance.licence')}
            <input value={licence} onChange={(e) => setLicence(e.target.value)} maxLength={500} data-testid="risk-licence" />
          </label>
          <p className="hint">{t('risks.provenance.range', { from: preview.range!.from, to: preview.range!.to })}</p>
          {preview.events.length > MAX_EVENTS_PER_CALL ? (
            <p className="hint" data-testid="risk-parts-note">
              {t('risks.import.partsNote', { max: fmt(MAX_EVENTS_PER_CALL), parts: Math.ceil(preview.events.length / MAX_EVENTS_PER_CALL) })}
            </p>
          ) : null}
          <Button type="submit" disabled={!canImport} data-testid="risk-import">
            {t('risks.provenance.import', { count: preview.events.length, formatted: fmt(preview.events.length) })}
          </Button>
        </form>
      ) : null}

      <div aria-live="polite" data-testid="risk-import-status">
        {step.state === 'sending' ? (
          <p role="status">
            <progress max={step.total} value={step.sent} /> {t('risks.progress.sending', { part: step.part, parts: step.parts, sent: fmt(step.sent), total: fmt(step.total) })}
          </p>
        ) : null}
        {step.state === 'done' ? <p role="status">{t('risks.progress.done', { count: step.inserted, formatted: fmt(step.inserted), parts: step.parts })}</p> : null}
        {step.state === 'failed' ? (
          <div data-testid="risk-import-failed">
            {step.parts > 1 ? <p>{t('risks.progress.failedPart', { part: step.part, parts: step.parts })}</p> : null}
            <ErrorMessage error={step.error} />
            {step.parts > 1 ? (
              step.landed.length > 0 ? (
                <>
                  <p>{t('risks.progress.landed', { count: step.landed.length })}</p>
                  <ul data-testid="risk-landed">
                    {step.landed.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                  <p className="hint">{t('risks.progress.resume')}</p>
                </>
              ) : (
                <p>{t('risks.progress.noneLanded')}</p>
              )
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}
