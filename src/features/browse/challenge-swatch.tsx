import type { Challenge } from '../../domain/challenges';
import { challengeStyle, type ChallengeShape } from '../../map';

/**
 * The map's symbol for a challenge, as a legend swatch: the challenge colour with the same white shape the map
 * draws, both by the challenge's position in `challenges` (the period's codes in order, as the map has them), so
 * colour is never the only cue. Decorative: the challenge name is always written next to it.
 */
export function ChallengeSwatch({
  challenge,
  challenges,
  cluster = false,
}: {
  challenge: Challenge;
  challenges: readonly Challenge[];
  cluster?: boolean;
}) {
  const { color, shape } = challengeStyle(challenge, challenges);
  return (
    <svg
      className="swatch-svg"
      viewBox="-8 -8 16 16"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
      data-color={color}
      data-shape={shape ?? 'none'}
    >
      {cluster ? (
        <rect x="-7.5" y="-7.5" width="15" height="15" rx="3" fill={color} stroke="#1a1a1a" strokeWidth="1" />
      ) : (
        <circle r="7.5" fill={color} stroke="#1a1a1a" strokeWidth="1" />
      )}
      <ShapePath shape={shape} color={color} />
    </svg>
  );
}

/** The same shapes as src/map/shape-icons.ts, in this swatch's units (the map's unit box × 6). */
function ShapePath({ shape, color }: { shape: ChallengeShape | null; color: string }) {
  const common = { fill: '#ffffff', stroke: '#1a1a1a', strokeWidth: 0.8 };
  const plus = 'M-1.3,-4 H1.3 V-1.3 H4 V1.3 H1.3 V4 H-1.3 V1.3 H-4 V-1.3 H-1.3 Z';
  switch (shape) {
    case 'dot':
      return <circle cx={0} cy={0} r={3.3} {...common} />;
    case 'square':
      return <rect x={-3} y={-3} width={6} height={6} {...common} />;
    case 'triangle':
      return <polygon points="0,-4.2 4.3,3.3 -4.3,3.3" {...common} />;
    case 'diamond':
      return <polygon points="0,-4.3 4.3,0 0,4.3 -4.3,0" {...common} />;
    case 'triangle_down':
      return <polygon points="0,4.2 4.3,-3.3 -4.3,-3.3" {...common} />;
    case 'plus':
      return <path d={plus} {...common} />;
    case 'cross':
      return <path d={plus} transform="rotate(45)" {...common} />;
    case 'ring':
      return (
        <>
          <circle cx={0} cy={0} r={3.9} {...common} />
          <circle cx={0} cy={0} r={2} fill={color} stroke="#1a1a1a" strokeWidth={0.8} />
        </>
      );
    default:
      return null;
  }
}
