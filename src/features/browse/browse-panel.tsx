import type { ChallengeInfo, ReferenceData, ReportsInView } from '../../api';
import { BrowseFilters } from './browse-filters';
import type { BrowseFilters as Filters } from './filter-model';
import type { ReportsInViewState } from './use-reports-in-view';
import { ViewList } from './view-list';

export interface BrowsePanelProps {
  reference: ReferenceData | undefined;
  /**
   * The period's challenges as the map draws them (names; order = colour and shape), also before the reference data
   * has arrived (the shipped ones); default: the reference data's.
   */
  challenges?: readonly ChallengeInfo[];
  filters: Filters;
  onFiltersChange: (next: Filters) => void;
  state: ReportsInViewState;
  /** The answer the map shows until the database is ready (shipped with the build or kept from the last visit). */
  early?: ReportsInView | null;
  ready: boolean;
  hasView: boolean;
  zoom: number | undefined;
  selectedId: string | null;
  onOpenReport: (id: string) => void;
  onFlyTo: (target: { lon: number; lat: number; zoom: number }) => void;
}

/** The "Utforska" tab: filters and the text list of what the map shows. */
export function BrowsePanel({ reference, challenges, filters, onFiltersChange, ...list }: BrowsePanelProps) {
  const known = challenges ?? reference?.challenges ?? [];
  return (
    <div className="browse">
      <BrowseFilters reference={reference} filters={filters} onChange={onFiltersChange} />
      <ViewList reference={reference} challenges={known} {...list} />
    </div>
  );
}
