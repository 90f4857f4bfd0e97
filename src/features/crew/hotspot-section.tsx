import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EMERGING_RULES, type EmergingCategory } from '../../analysis';
import { HOTSPOT_CELL_M_MAX, HOTSPOT_CELL_M_MIN, type ReferenceData } from '../../api';
import type { Backend } from '../../backend';
import { useCellSize } from '../../hooks/cell-size';
import { crewFocusChallenge, type Challenge } from '../../domain/challenges';
import { Button, ErrorMessage, formatNumber, svOrEn, toLang } from '../../ui';
import { ChallengeCategoryFields } from './challenge-category-fields';
import { EmergingLegend, EmergingSwatch, ClassSwatch, HotspotLegend } from './legend';
import { emergingCells, significantCells, type CellRow } from './lib/hotspot-geojson';
import { RECENT_DAYS, WINDOW_DAYS } from './lib/windows';
import type { Analysis, HotspotParams } from './use-analysis';
import { useCellNames } from './use-cell-names';

const TABLE_ROWS = 25;

export interface HotspotSectionProps {
  backend: Backend;
  reference: ReferenceData | undefined;
  ready: boolean;
  /** The section is shown: only then is the sample for the default cell size fetched. */
  visible: boolean;
  analysis: { data?: Analysis; error: unknown; isFetching: boolean; isPending: boolean };
  canCompute: boolean;
  onCompute(params: HotspotParams): void;
  onSelectCell(cell: { q: number; r: number }): void;
  densityOn: boolean;
  onDensityChange(on: boolean): void;
  emergingOn: boolean;
  onEmergingChange(on: boolean): void;
  densityNote: string | null;
}

/** Hot spot controls, the reading guide, and every map fact as text (significant cells, emerging cells). */
export function HotspotSection(props: HotspotSectionProps) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const { reference, analysis } = props;
  // Null until the crew picks one: the challenge flagged crew_focus in the period in force (all challenges if none is).
  const [picked, setChallenge] = useState<Challenge | '' | null>(null);
  const challenge = picked ?? crewFocusChallenge(reference?.challenges) ?? '';
  const [category, setCategory] = useState('');
  const [windowDays, setWindowDays] = useState<number>(180);
  const [recentDays, setRecentDays] = useState<number>(28);
  const [cellSize, setCellSize] = useState<string>('');
  const [band, setBand] = useState<string>('');
  const [weighting, setWeighting] = useState<'count' | 'supports'>('count');
  const [formError, setFormError] = useState<string | null>(null);

  // The default cell size from the data (cellSizeFor: the reports' spacing, corrected for the sample, and the densest
  // square kilometre in at least nineteen cells), on a sample of up to 2,000 reports of the chosen challenge.
  // Not before the reference data says which challenge is the default, so no sample is fetched for another one.
  const sample = useCellSize(props.backend, challenge, props.ready && props.visible && (picked !== null || reference !== undefined));
  const suggested = sample.data?.size ?? 100;


  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const size = cellSize.trim() === '' ? suggested : Number(cellSize);
    if (!Number.isFinite(size) || size < HOTSPOT_CELL_M_MIN || size > HOTSPOT_CELL_M_MAX) {
      return setFormError(t('form.cellSizeError', { min: HOTSPOT_CELL_M_MIN, max: HOTSPOT_CELL_M_MAX }));
    }
    const b = band.trim() === '' ? null : Number(band);
    if (b !== null && (!Number.isFinite(b) || b < size * Math.sqrt(3) || b > 5000)) {
      return setFormError(t('form.bandError', { min: Math.ceil(size * Math.sqrt(3)), max: 5000 }));
    }
    setFormError(null);
    props.onCompute({ challenge, category, windowDays, recentDays, cellSize: size, band: b, weighting, at: Date.now() });
  };

  const data = analysis.data;
  const significant = useMemo(() => (data ? significantCells(data.res) : []), [data]);
  const emerging = useMemo(() => (data ? emergingCells(data.res) : []), [data]);
  const cellName = useCellNames();
  const hot = significant.filter((c) => c.cls > 0).length;
  const cold = significant.length - hot;

  return (
    <section className="crew-section" aria-labelledby={`${uid}-h`}>
      <h2 id={`${uid}-h`}>{t('hotspots.title')}</h2>
      <details className="crew-howto">
        <summary>{t('howto.title')}</summary>
        <p>{t('howto.giStar')}</p>
        <p>{t('howto.fdr')}</p>
        <p>{t('howto.classes')}</p>
        <p>{t('howto.grey')}</p>
        <p>{t('howto.zeros')}</p>
        <p>{t('howto.band')}</p>
      </details>

      <form onSubmit={onSubmit} noValidate aria-describedby={formError ? `${uid}-err` : undefined}>
        <ChallengeCategoryFields
          idPrefix={uid}
          reference={reference}
          challenge={challenge}
          category={category}
          onChallenge={setChallenge}
          onCategory={setCategory}
        />
        <div className="field">
          <label htmlFor={`${uid}-win`}>{t('form.window')}</label>
          <select id={`${uid}-win`} value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))}>
            {WINDOW_DAYS.map((d) => (
              <option key={d} value={d}>
                {t('form.days', { count: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-rec`}>{t('form.recent')}</label>
          <select id={`${uid}-rec`} value={recentDays} onChange={(e) => setRecentDays(Number(e.target.value))}>
            {RECENT_DAYS.map((d) => (
              <option key={d} value={d}>
                {t('form.days', { count: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-size`}>{t('form.cellSize')}</label>
          <input
            id={`${uid}-size`}
            type="number"
            inputMode="numeric"
            min={HOTSPOT_CELL_M_MIN}
            max={HOTSPOT_CELL_M_MAX}
            step={10}
            placeholder={String(suggested)}
            value={cellSize}
            onChange={(e) => setCellSize(e.target.value)}
            aria-describedby={`${uid}-size-hint`}
          />
          <p className="hint" id={`${uid}-size-hint`}>
            {sample.data
              ? t('form.cellSizeHint', { size: suggested, count: sample.data.sampled })
              : t('form.cellSizeHintPending', { size: suggested })}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-band`}>{t('form.band')}</label>
          <input
            id={`${uid}-band`}
            type="number"
            inputMode="numeric"
            min={50}
            max={5000}
            step={10}
            placeholder={t('form.bandAuto')}
            value={band}
            onChange={(e) => setBand(e.target.value)}
            aria-describedby={`${uid}-band-hint`}
          />
          <p className="hint" id={`${uid}-band-hint`}>
            {t('form.bandHint')}
          </p>
        </div>
        <fieldset>
          <legend>{t('form.weighting')}</legend>
          <label className="check">
            <input type="radio" name={`${uid}-w`} checked={weighting === 'count'} onChange={() => setWeighting('count')} />
            {t('form.weightCount')}
          </label>
          <label className="check">
            <input type="radio" name={`${uid}-w`} checked={weighting === 'supports'} onChange={() => setWeighting('supports')} />
            {t('form.weightSupports')}
          </label>
        </fieldset>
        {formError ? (
          <p className="field-error" id={`${uid}-err`} role="alert">
            {formError}
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={analysis.isFetching} disabled={!props.canCompute}>
          {t('form.compute')}
        </Button>
      </form>

      <ErrorMessage error={analysis.error} />
      <p role="status" className="crew-status">
        {analysis.isFetching
          ? t('hotspots.computing')
          : data
            ? t('hotspots.summary', {
                total: formatNumber(data.total, lang),
                cells: formatNumber(data.res.q.length, lang),
                size: data.res.size,
                band: Math.round(data.res.band),
                hot,
                cold,
              })
            : ''}
      </p>
      {data && data.res.outside > 0 ? <p className="hint">{t('hotspots.outside', { count: data.res.outside })}</p> : null}

      {data ? (
        <>
          <HotspotLegend />
          <SignificantTable rows={significant} onSelect={props.onSelectCell} nameOfCell={(row) => cellName(row, data.res.size)} />
          <EmergingPart
            rows={emerging}
            recentDays={data.params.recentDays}
            baselineDays={data.params.windowDays - data.params.recentDays}
            onSelect={props.onSelectCell}
            nameOfCell={(row) => cellName(row, data.res.size)}
          />
          <label className="check">
            <input type="checkbox" checked={props.emergingOn} onChange={(e) => props.onEmergingChange(e.target.checked)} />
            {t('emerging.showOnMap')}
          </label>
          <label className="check">
            <input type="checkbox" checked={props.densityOn} onChange={(e) => props.onDensityChange(e.target.checked)} />
            {t('density.toggle')}
          </label>
          {props.densityOn && props.densityNote ? <p className="hint">{props.densityNote}</p> : null}
        </>
      ) : null}
    </section>
  );
}

function fmtQ(q: number): string {
  return q < 0.001 ? '< 0,001' : q.toFixed(3).replace('.', ',');
}

function SignificantTable({
  rows,
  onSelect,
  nameOfCell,
}: {
  rows: CellRow[];
  onSelect(cell: { q: number; r: number }): void;
  nameOfCell(row: CellRow): string;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const [all, setAll] = useState(false);
  const uid = useId();
  const shown = all ? rows : rows.slice(0, TABLE_ROWS);
  const num = (x: number, d: number) => (lang !== 'en' ? x.toFixed(d).replace('.', ',') : x.toFixed(d));
  return (
    <>
      <h3 id={`${uid}-h`}>{t('table.title', { count: rows.length })}</h3>
      {rows.length === 0 ? (
        <p>{t('table.none')}</p>
      ) : (
        <div className="crew-table-wrap">
          <table className="crew-table" aria-labelledby={`${uid}-h`}>
            <thead>
              <tr>
                <th scope="col">{t('table.class')}</th>
                <th scope="col">{t('table.count')}</th>
                <th scope="col">{t('table.z')}</th>
                <th scope="col">{t('table.q')}</th>
                <th scope="col">{t('table.cell')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.id} data-cell={row.id}>
                  <td>
                    <ClassSwatch cls={row.cls} /> {t(`class.${row.cls}`)}
                  </td>
                  <td>{formatNumber(row.n, lang)}</td>
                  <td>{num(row.z, 2)}</td>
                  <td>{lang !== 'en' ? fmtQ(row.qValue) : fmtQ(row.qValue).replace(',', '.')}</td>
                  <td>
                    <Button
                      variant="secondary"
                      className="crew-cell-button"
                      onClick={() => onSelect({ q: row.q, r: row.r })}
                      aria-label={t('table.openCell', { cell: nameOfCell(row), cls: t(`class.${row.cls}`) })}
                    >
                      {nameOfCell(row)}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > TABLE_ROWS ? (
        <Button variant="link" onClick={() => setAll(!all)}>
          {all ? t('table.fewer') : t('table.all', { count: rows.length })}
        </Button>
      ) : null}
    </>
  );
}

function EmergingPart({
  rows,
  recentDays,
  baselineDays,
  onSelect,
  nameOfCell,
}: {
  rows: CellRow[];
  recentDays: number;
  baselineDays: number;
  onSelect(cell: { q: number; r: number }): void;
  nameOfCell(row: CellRow): string;
}) {
  const { t, i18n } = useTranslation('crew');
  const lang = toLang(i18n.language);
  const uid = useId();
  const cats: EmergingCategory[] = ['new', 'intensifying', 'persistent', 'diminishing'];
  const rule = (c: EmergingCategory) => EMERGING_RULES[c][svOrEn(lang)].replace('{factor}', '25 %');
  return (
    <>
      <h3 id={`${uid}-h`}>{t('emerging.title')}</h3>
      <p className="hint">{t('emerging.intro', { recent: recentDays, baseline: baselineDays })}</p>
      <EmergingLegend />
      <dl className="crew-rules">
        {cats.map((c) => (
          <div key={c}>
            <dt>
              <EmergingSwatch category={c} /> {t(`emerging.${c}`)} — {t('emerging.cells', { count: rows.filter((r) => r.emerging === c).length })}
            </dt>
            <dd>{rule(c)}</dd>
          </div>
        ))}
      </dl>
      {rows.length > 0 ? (
        <div className="crew-table-wrap">
          <table className="crew-table" aria-labelledby={`${uid}-h`}>
            <thead>
              <tr>
                <th scope="col">{t('emerging.category')}</th>
                <th scope="col">{t('table.count')}</th>
                <th scope="col">{t('emerging.ratio')}</th>
                <th scope="col">{t('table.cell')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, TABLE_ROWS).map((row) => (
                <tr key={row.id}>
                  <td>
                    <EmergingSwatch category={row.emerging ?? 'none'} /> {t(`emerging.${row.emerging}`)}
                  </td>
                  <td>{formatNumber(row.n, lang)}</td>
                  <td>{row.rateRatio === null || !Number.isFinite(row.rateRatio) ? '—' : `× ${row.rateRatio.toFixed(2)}`}</td>
                  <td>
                    <Button
                      variant="secondary"
                      className="crew-cell-button"
                      onClick={() => onSelect({ q: row.q, r: row.r })}
                      aria-label={t('table.openCell', { cell: nameOfCell(row), cls: t(`emerging.${row.emerging}`) })}
                    >
                      {nameOfCell(row)}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('emerging.none')}</p>
      )}
    </>
  );
}
