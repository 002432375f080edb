// A long pod list in the tree opens into pages of `podsPerPage` rows, whichever node holds it: a
// namespace, or an owner group when pods are grouped by owner (a Deployment of 20,000 replicas).
// VS Code is then never asked for more than a page of rows at once. Lists are sorted by name (the
// model's order, which filtering and grouping keep). Free of `vscode`, so it is unit tested.
import { lowerBound } from './podTreeModel';
import { pageRanges, podsPerPage } from './podTreeRefresh';

type Named = { readonly name: string };

/** A list's children: its pods when they fit on one page, else a page node per page. */
export function pagedChildren<P, N>(pods: readonly P[], podNode: (pod: P) => N, pageNode: (index: number) => N): N[] {
  if (pods.length > podsPerPage) return pageRanges(pods.length).map((_, index) => pageNode(index));
  return pods.map(podNode);
}

/** The pods on page `index` (none once the list shrank below it). */
export function podsOnPage<P>(pods: readonly P[], index: number): readonly P[] {
  const [start, end] = pageRanges(pods.length)[index] ?? [0, 0];
  return pods.slice(start, end);
}

/**
 * The page that holds pod `name` in a name-sorted list (a binary search: a reveal in a list of
 * 100,000 pods); undefined when the list fits on one page (the pod sits directly under the list's
 * node) or does not hold the pod (the filter hides it).
 */
export function pageOf(pods: readonly Named[], name: string): number | undefined {
  if (pods.length <= podsPerPage) return undefined;
  const i = lowerBound(pods, name);
  return pods[i]?.name === name ? Math.floor(i / podsPerPage) : undefined;
}

/** A page row: its first and last pod's names, and how many pods it holds. */
export function pageRow(pods: readonly Named[], index: number): { label: string; description: string } {
  const page = podsOnPage(pods, index);
  const n = page.length;
  return { label: n ? `${page[0].name} … ${page[n - 1].name}` : '(empty)', description: `${n} pod${n === 1 ? '' : 's'}` };
}
