import type { ReferenceData, ReportsInView } from '../../api';
import { challengeCodes, type Challenge } from '../../domain/challenges';
import { BrowseFilters } from './browse-filters';
import type { BrowseFilters as Filters } from './filter-model';
import type { ReportsInViewState } from './use-reports-in-view';
import { ViewList } from './view-list';

export interface BrowsePanelProps {
  reference: ReferenceData | undefined;
  /** The challenges in the order the map draws them by (colour and shape); default: the reference data's. */
  challengeOrder?: readonly Challenge[];
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
export function BrowsePanel({ reference, challengeOrder, filters, onFiltersChange, ...list }: BrowsePanelProps) {
  const order = challengeOrder ?? challengeCodes(reference?.challenges);
  return (
    <div className="browse">
      <BrowseFilters reference={reference} challengeOrder={order} filters={filters} onChange={onFiltersChange} />
      <ViewList reference={reference} challengeOrder={order} {...list} />
    </div>
  );
}
