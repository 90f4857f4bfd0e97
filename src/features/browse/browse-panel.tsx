import type { ReferenceData, ReportsInView } from '../../api';
import { BrowseFilters } from './browse-filters';
import type { BrowseFilters as Filters } from './filter-model';
import type { ReportsInViewState } from './use-reports-in-view';
import { ViewList } from './view-list';

export interface BrowsePanelProps {
  reference: ReferenceData | undefined;
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
export function BrowsePanel({ reference, filters, onFiltersChange, ...list }: BrowsePanelProps) {
  return (
    <div className="browse">
      <BrowseFilters reference={reference} filters={filters} onChange={onFiltersChange} />
      <ViewList reference={reference} {...list} />
    </div>
  );
}
