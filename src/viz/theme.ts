/**
 * Visual constants of every figure: a colour-blind-safe palette (Okabe & Ito 2008) in a light and a dark variant,
 * exposed to SVG as CSS custom properties so a figure follows the reader's colour scheme without re-rendering.
 */

/** One colour role of the figures, with its value on a light and on a dark page. */
export interface ThemeColour {
  readonly light: string;
  readonly dark: string;
}

/** Okabe-Ito hues; the dark variants swap the deep blue for sky blue so lines keep contrast on a dark page. */
export const okabeIto = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Every colour role used by the renderers; the key becomes the CSS variable `--viz-<key>`. */
export const colours = {
  ink: { light: '#1b1f24', dark: '#e6edf3' },
  muted: { light: '#57606a', dark: '#9da7b3' },
  grid: { light: '#d0d7de', dark: '#30363d' },
  surface: { light: '#ffffff', dark: '#0f1317' },
  panel: { light: '#f4f6f8', dark: '#1a2027' },
  /** Residual branch F(x): convolutions and BN. */
  conv: { light: okabeIto.blue, dark: okabeIto.skyBlue },
  bn: { light: okabeIto.bluishGreen, dark: okabeIto.bluishGreen },
  relu: { light: okabeIto.orange, dark: okabeIto.orange },
  /** The shortcut: identity arc and projection. */
  skip: { light: okabeIto.vermillion, dark: '#F0883E' },
  projection: { light: okabeIto.reddishPurple, dark: okabeIto.reddishPurple },
  focus: { light: okabeIto.black, dark: okabeIto.yellow },
  /** Heatmap cells: one hue whose opacity encodes the value, readable in both schemes. */
  heat: { light: okabeIto.blue, dark: okabeIto.skyBlue },
  /** The toy race's two classes (spiral arms) and the decision regions the nets assign to them. */
  class0: { light: okabeIto.orange, dark: okabeIto.orange },
  class1: { light: okabeIto.blue, dark: okabeIto.skyBlue },
  /** Reference-curve series. */
  plain20: { light: okabeIto.blue, dark: okabeIto.skyBlue },
  plain56: { light: okabeIto.vermillion, dark: '#F0883E' },
  resnet56: { light: okabeIto.bluishGreen, dark: '#2BC196' },
  resnet20: { light: okabeIto.reddishPurple, dark: okabeIto.reddishPurple },
  /** Any plain net against any residual net (the gradient-flow and landscape labs, at every depth). */
  plain: { light: okabeIto.vermillion, dark: '#F0883E' },
  residual: { light: okabeIto.bluishGreen, dark: '#2BC196' },
  /** The reader's own model (uploaded or sent from the train lab) beside the labs' nets. */
  mine: { light: okabeIto.orange, dark: okabeIto.orange },
} as const satisfies Record<string, ThemeColour>;

export type ColourRole = keyof typeof colours;

/** `var(--viz-<role>)`, the value renderers write into fill and stroke attributes. */
export function colourVar(role: ColourRole): string {
  return `var(--viz-${role})`;
}

/** The stylesheet text that defines every `--viz-*` variable for light and dark pages. */
export function vizThemeCss(): string {
  const decls = (scheme: 'light' | 'dark') =>
    (Object.keys(colours) as ColourRole[]).map((k) => `--viz-${k}:${colours[k][scheme]};`).join('');
  return `:root{${decls('light')}}@media (prefers-color-scheme: dark){:root{${decls('dark')}}}`;
}

/** Sizes shared by the figures, in SVG user units. */
export const sizes = {
  font: 12,
  smallFont: 10,
  stroke: 1.5,
  focusStroke: 3,
  corner: 4,
} as const;
