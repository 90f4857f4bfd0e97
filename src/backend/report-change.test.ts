import { describe, expect, it } from 'vitest';
import { parseReportChange } from './report-change';

describe('parseReportChange', () => {
  it('reads the trigger payload', () => {
    expect(parseReportChange('{"id":"8a2b","kind":"insert"}')).toEqual({ id: '8a2b', kind: 'insert' });
    expect(parseReportChange('{"id":"8a2b","kind":"update","extra":1}')).toEqual({ id: '8a2b', kind: 'update' });
    expect(parseReportChange('{"id":null,"kind":"insert"}')).toEqual({ id: null, kind: 'insert' });
  });
  it('ignores anything else', () => {
    expect(parseReportChange('not json')).toBeNull();
    expect(parseReportChange('{"id":1,"kind":"insert"}')).toBeNull();
    expect(parseReportChange('{"id":"x","kind":"delete"}')).toBeNull();
    expect(parseReportChange('null')).toBeNull();
  });
});
