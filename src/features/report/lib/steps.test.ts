import { describe, expect, it } from 'vitest';
import { MALMO_CENTER } from '../../../domain/report-rules';
import { STEP_COUNT, clampStep, nextStep, placeProblem, prevStep, stepNumber } from './steps';

const pin = { lon: MALMO_CENTER.lon, lat: MALMO_CENTER.lat };

describe('step logic', () => {
  it('numbers the five steps', () => {
    expect(STEP_COUNT).toBe(5);
    expect(stepNumber('place')).toBe(1);
    expect(stepNumber('category')).toBe(2);
    expect(stepNumber('done')).toBe(5);
  });

  it('goes through nearby unless we know there is nothing nearby', () => {
    expect(nextStep('place', { nearbyCount: null })).toBe('category');
    expect(nextStep('category', { nearbyCount: null })).toBe('nearby');
    expect(nextStep('category', { nearbyCount: 3 })).toBe('nearby');
    expect(nextStep('category', { nearbyCount: 0 })).toBe('details');
    expect(nextStep('nearby', { nearbyCount: 3 })).toBe('details');
    expect(nextStep('details', { nearbyCount: 3 })).toBe('done');
  });

  it('goes back past an empty nearby step', () => {
    expect(prevStep('details', { nearbyCount: 0 })).toBe('category');
    expect(prevStep('details', { nearbyCount: 2 })).toBe('nearby');
    expect(prevStep('details', { nearbyCount: null })).toBe('nearby');
    expect(prevStep('nearby', { nearbyCount: 2 })).toBe('category');
    expect(prevStep('category', { nearbyCount: 2 })).toBe('place');
    expect(prevStep('place', { nearbyCount: 2 })).toBe('place');
  });

  it('checks the pin against the Malmö envelope', () => {
    expect(placeProblem(null)).toBe('no_pin');
    expect(placeProblem({ lon: Number.NaN, lat: 55.6 })).toBe('invalid_position');
    expect(placeProblem({ lon: 200, lat: 55.6 })).toBe('invalid_position');
    expect(placeProblem({ lon: 12.7, lat: 55.6 })).toBe('outside_malmo');
    expect(placeProblem(pin)).toBeNull();
  });

  it('clamps a restored step to what the draft supports', () => {
    expect(clampStep('details', { pin: null, category: 'litter' })).toBe('place');
    expect(clampStep('details', { pin, category: null })).toBe('category');
    expect(clampStep('nearby', { pin, category: null })).toBe('category');
    expect(clampStep('details', { pin, category: 'litter' })).toBe('details');
    expect(clampStep('category', { pin, category: null })).toBe('category');
  });
});
