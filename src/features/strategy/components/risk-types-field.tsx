import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_FAMILIES } from '../../../api';

const isFamily = (t: string) => (RISK_FAMILIES as readonly string[]).includes(t);

/** The exact types typed in the free field: separated by commas, semicolons or white space. */
export function parseExactTypes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * A challenge's actual risk: a checkbox per event family (every injury, every police event, every other event)
 * and free entry of exact types ('injury_severe', 'police:ran'). The list is checked by the contract's schema
 * with the rest of the draft (invalid_risk_types, shown by the caller through `invalid`).
 */
export function RiskTypesField({
  value,
  onChange,
  invalid,
  error,
}: {
  value: readonly string[];
  onChange(types: string[]): void;
  invalid: { 'aria-invalid'?: true; 'aria-describedby'?: string };
  error: React.ReactNode;
}) {
  const { t } = useTranslation('strategy');
  const id = useId();
  // Both kept here, as chosen and as typed: a half-typed 'police:ran' passes through 'police', which is not the
  // checkbox's family; the list handed on is the checked families, then the typed types.
  const [families, setFamilies] = useState<string[]>(() => value.filter(isFamily));
  const [text, setText] = useState(() => value.filter((v) => !isFamily(v)).join(', '));
  const toggle = (family: string, on: boolean) => {
    const next = RISK_FAMILIES.filter((f) => (f === family ? on : families.includes(f)));
    setFamilies(next);
    onChange([...next, ...parseExactTypes(text)]);
  };
  return (
    <fieldset className="strategy-risk-types" {...invalid}>
      <legend>{t('editor.riskTypes')}</legend>
      <p className="hint">{t('editor.riskTypesHelp')}</p>
      {RISK_FAMILIES.map((f) => (
        <label key={f} className="strategy-check">
          <input type="checkbox" checked={families.includes(f)} onChange={(e) => toggle(f, e.target.checked)} />
          {t(`editor.riskFamily.${f}`)}
        </label>
      ))}
      <label htmlFor={`${id}-exact`}>{t('editor.riskExact')}</label>
      <input
        id={`${id}-exact`}
        value={text}
        maxLength={1000}
        placeholder="injury_severe, police:ran"
        onChange={(e) => {
          setText(e.target.value);
          onChange([...families, ...parseExactTypes(e.target.value)]);
        }}
      />
      {error}
    </fieldset>
  );
}
