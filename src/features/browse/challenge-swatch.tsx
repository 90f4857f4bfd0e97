import type { Challenge } from '../../domain/challenges';
import { CHALLENGE_COLORS, challengeSymbol, type ChallengeShape } from '../../map';

/**
 * The map's symbol for a challenge, as a legend swatch: the challenge colour with the same white shape the
 * map draws (dot, square, triangle, diamond), so colour is never the only cue. Decorative: the challenge
 * name is always written next to it.
 */
export function ChallengeSwatch({ challenge, cluster = false }: { challenge: Challenge; cluster?: boolean }) {
  const color = CHALLENGE_COLORS[challenge] ?? '#767676';
  return (
    <svg className="swatch-svg" viewBox="-8 -8 16 16" width="20" height="20" aria-hidden="true" focusable="false">
      {cluster ? (
        <rect x="-7.5" y="-7.5" width="15" height="15" rx="3" fill={color} stroke="#1a1a1a" strokeWidth="1" />
      ) : (
        <circle r="7.5" fill={color} stroke="#1a1a1a" strokeWidth="1" />
      )}
      <ShapePath shape={challengeSymbol[challenge]} />
    </svg>
  );
}

function ShapePath({ shape }: { shape: ChallengeShape | undefined }) {
  const common = { fill: '#ffffff', stroke: '#1a1a1a', strokeWidth: 0.8 };
  switch (shape) {
    case 'dot':
      return <circle cx={0} cy={0} r={3.3} {...common} />;
    case 'square':
      return <rect x={-3} y={-3} width={6} height={6} {...common} />;
    case 'triangle':
      return <polygon points="0,-4.2 4.3,3.3 -4.3,3.3" {...common} />;
    case 'diamond':
      return <polygon points="0,-4.3 4.3,0 0,4.3 -4.3,0" {...common} />;
    default:
      return null;
  }
}
