// Keeps each context's PodTreeModel fed from its watch cache, from the first list page on (the
// first rows show while later pages stream), and turns each watch batch into the tree nodes to
// refresh. Free of `vscode`: bench/treeScale.ts drives it as PodTreeProvider does.
import type { PodSummary } from '../../core/podSummary';
import { PodTreeModel, type PodBatch } from './podTreeModel';
import { planRefresh, type RefreshTarget } from './podTreeRefresh';

/** What the feed needs of a context's watch cache: the summaries it holds now. */
export type SummarySource = { pods(): Iterable<PodSummary> };

/** What the feed needs of the view. */
export type FeedView = {
  filtering(): boolean;
  /** Whether the view has asked for the namespace's children (only then are its rows worth refreshing). */
  isResolved(context: string, namespace: string): boolean;
  refresh(targets: RefreshTarget[]): void;
  /** When pods are grouped by owner: the owner node a row sits under (undefined: directly under its namespace). */
  ownerGroupOf?(context: string, row: PodSummary): { kind: string; name: string } | undefined;
};

export class PodTreeFeed {
  private readonly models = new Map<string, PodTreeModel>();

  constructor(private readonly view: FeedView) {}

  model(context: string): PodTreeModel | undefined {
    return this.models.get(context);
  }

  /** The context's cache is listing or synced: a model of what it holds now (an existing one is kept: batches keep it current). */
  attach(context: string, cache: SummarySource | undefined): PodTreeModel {
    let model = this.models.get(context);
    if (!model) {
      model = new PodTreeModel();
      model.reset(cache?.pods() ?? []);
      this.models.set(context, model);
    }
    this.view.refresh([{ kind: 'context', context }]);
    return model;
  }

  /** The context starts connecting: a new, empty model that its list pages fill (nothing from an earlier connection stays). */
  begin(context: string): PodTreeModel {
    this.models.delete(context);
    return this.attach(context, undefined);
  }

  /** The context's connection failed or went away. */
  detach(context: string): void {
    this.models.delete(context);
    this.view.refresh([{ kind: 'context', context }]);
  }

  clear(): void {
    this.models.clear();
  }

  /** A batch from the context's cache (the first one of a list may come before anything attached the model). */
  onBatch(context: string, batch: PodBatch, cache: SummarySource | undefined): void {
    const model = this.models.get(context);
    if (!model) {
      this.attach(context, cache); // the cache already holds this batch
      return;
    }
    this.view.refresh(planRefresh(context, model.apply(batch), {
      filtering: this.view.filtering(),
      isResolved: (namespace) => this.view.isResolved(context, namespace),
      ownerGroupOf: this.view.ownerGroupOf && ((row) => this.view.ownerGroupOf!(context, row)),
    }));
  }
}
