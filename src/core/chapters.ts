/** The reading path: one entry per chapter, in order. Pages, navigation and tests all read this list. */
export interface Chapter {
  /** Route, without trailing slash. */
  href: string;
  /** Full title. */
  title: string;
  /** Label in the navigation bar. */
  short: string;
}

export const chapters: readonly Chapter[] = [
  { href: '/motivation', title: 'Motivation: the degradation problem', short: 'Motivation' },
  { href: '/architecture', title: 'Architecture: the residual block', short: 'Architecture' },
  { href: '/why-it-works', title: 'Why it works: paths for the gradient', short: 'Why it works' },
  { href: '/data-preparation', title: 'Data preparation: CIFAR-10', short: 'Data' },
  { href: '/implementation', title: 'Implementation: ResNet-20', short: 'Implementation' },
  { href: '/training', title: 'Training', short: 'Training' },
  { href: '/evaluation', title: 'Evaluation', short: 'Evaluation' },
  { href: '/beyond', title: 'Beyond ResNet-20', short: 'Beyond' },
];

/** The chapters before and after `href` on the reading path (undefined at either end). */
export function neighbours(href: string): { prev: Chapter | undefined; next: Chapter | undefined } {
  const i = chapters.findIndex((c) => c.href === href);
  if (i < 0) return { prev: undefined, next: undefined };
  return { prev: chapters[i - 1], next: chapters[i + 1] };
}
