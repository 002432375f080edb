// Disagreements with upstream that are understood and not (yet) podpatch's to fix, each named after
// the upstream behaviour behind it. The differential test counts them apart; the bench lists them.
import type { OracleAnswer } from './oracleProcess';
import type { PodpatchVerdict } from './podpatchVerdict';
import type { GeneratedEdit } from './podEditGenerator';

type Known = { name: string; applies: (e: GeneratedEdit, mine: PodpatchVerdict, theirs: OracleAnswer) => boolean };

const KNOWN: Known[] = [
  {
    // podRegistry ResizeStrategy.PrepareForUpdate (dropNonResizeUpdates) keeps only resources and
    // resizePolicy from the request and ValidatePodResize checks those: podpatch has no resize rules.
    name: 'pods/resize subresource (podResizeStrategy, ValidatePodResize) is not modelled',
    applies: (e) => e.op === 'resize',
  },
];

export function knownDifference(e: GeneratedEdit, mine: PodpatchVerdict, theirs: OracleAnswer): string | undefined {
  return KNOWN.find((k) => k.applies(e, mine, theirs))?.name;
}
