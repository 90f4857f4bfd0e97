import type { MapOverlay } from '../../map/overlay';

export type { StaffPanelProps } from '../../contracts/staff-panel';


/** A view inside the panel registers its map layers under a key; the panel merges them for the shell. */
export type SetOverlay = (key: string, overlay: MapOverlay | null) => void;
