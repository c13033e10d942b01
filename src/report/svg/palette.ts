// Colours. Series and classes use the Okabe–Ito palette, which stays distinguishable under the
// common forms of colour blindness; the order puts the strongest contrasts on white first
// (yellow, weakest on white, comes late). Decision regions use the same hues mixed with white.

export const categorical: readonly string[] = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#F0E442", // yellow
];

/** The i-th categorical colour, cycling when there are more series than colours. */
export const colourAt = (i: number): string =>
  categorical[((i % categorical.length) + categorical.length) % categorical.length] ?? "#000000";

const channel = (hex: string, at: number): number => Number.parseInt(hex.slice(at, at + 2), 16);

const toHex = (v: number): string => Math.round(v).toString(16).padStart(2, "0");

/**
 * `amount` of `hex` over white: white·(1 − amount) + colour·amount per sRGB channel.
 * amount = 1 is the colour itself, 0 is white.
 */
export const overWhite = (hex: string, amount: number): string => {
  const a = Math.min(1, Math.max(0, amount));
  const mix = (at: number): string => toHex(255 * (1 - a) + channel(hex, at) * a);
  return `#${mix(1)}${mix(3)}${mix(5)}`;
};

/** A grey for contour line `rank` of `count`: dark for low levels, light for high ones. */
export const levelGrey = (rank: number, count: number): string => {
  const t = count <= 1 ? 0 : rank / (count - 1);
  const v = toHex(70 + t * 130);
  return `#${v}${v}${v}`;
};
