// The skeletons of the digits 0-9, as a pen would draw them: each digit has a few variants
// (a 1 with or without a flag and base, a 7 with or without a crossbar, an open or a closed 4,
// …), and each variant is a list of strokes, each stroke a polyline.
//
// Coordinates are in "em": x to the right, y downwards (like image rows), the digit centred on
// the origin, 1 em tall (y from −½ to ½) and about 0.6 em wide. Curves are sampled into short
// straight pieces: ellipse arcs every 15° at most, quadratic Bézier curves in 8 pieces.

/** A point (x, y) in em. */
export type Point = readonly [number, number];

/** A polyline: the pen goes through the points in order. */
export type Stroke = readonly Point[];

/** One way of writing a digit: its strokes. */
export type Glyph = readonly Stroke[];

const MAX_ARC_STEP = 15;
const CURVE_PIECES = 8;

/**
 * The arc of the ellipse with centre (cx, cy) and radii (rx, ry) from angle `from` to `to`
 * (degrees; either direction): (cx + rx cos θ, cy + ry sin θ). With y downwards, θ = −90° is the
 * top, 90° the bottom, and increasing θ runs clockwise on the screen.
 */
const arc = (cx: number, cy: number, rx: number, ry: number, from: number, to: number): Stroke => {
  const pieces = Math.max(1, Math.ceil(Math.abs(to - from) / MAX_ARC_STEP));
  return Array.from({ length: pieces + 1 }, (_, k) => {
    const theta = ((from + ((to - from) * k) / pieces) * Math.PI) / 180;
    return [cx + rx * Math.cos(theta), cy + ry * Math.sin(theta)] as const;
  });
};

/** The quadratic Bézier curve from p0 to p2 pulled towards c: (1−t)² p0 + 2t(1−t) c + t² p2. */
const curve = (p0: Point, c: Point, p2: Point): Stroke =>
  Array.from({ length: CURVE_PIECES + 1 }, (_, k) => {
    const t = k / CURVE_PIECES;
    const [a, b, d] = [(1 - t) * (1 - t), 2 * t * (1 - t), t * t];
    return [a * p0[0] + b * c[0] + d * p2[0], a * p0[1] + b * c[1] + d * p2[1]] as const;
  });

/** Strokes joined into one: the pen does not lift between them. */
const joined = (...parts: readonly Stroke[]): Stroke => parts.flat();

let glyphs: readonly (readonly Glyph[])[] | undefined;

/**
 * digitGlyphs()[d] lists the variants of digit d. The curves are sampled on the first call, not
 * when the library is imported: most programs never draw a digit.
 */
export const digitGlyphs = (): readonly (readonly Glyph[])[] => (glyphs ??= sampleGlyphs());

const sampleGlyphs = (): readonly (readonly Glyph[])[] => [
  // 0: an ellipse, closed exactly or with the pen overshooting its start.
  [[arc(0, 0, 0.28, 0.5, 0, 360)], [arc(0, 0, 0.24, 0.5, -100, 290)]],
  // 1: a bare stem; with a flag; with a flag and a base.
  [
    [[[0, -0.5], [0, 0.5]]],
    [[[-0.16, -0.3], [0.02, -0.5], [0.02, 0.5]]],
    [[[-0.16, -0.3], [0.02, -0.5], [0.02, 0.5]], [[-0.17, 0.5], [0.21, 0.5]]],
  ],
  // 2: a hook over a straight or a curved diagonal, on a base.
  [
    [joined(arc(0, -0.2, 0.27, 0.3, 190, 380), [[-0.28, 0.5], [0.3, 0.5]])],
    [joined(arc(0, -0.2, 0.27, 0.3, 200, 370), curve([0.27, -0.15], [0.12, 0.22], [-0.28, 0.5]), [[0.3, 0.48]])],
  ],
  // 3: two bowls; or a flat top with a lower bowl.
  [
    [joined(arc(0, -0.26, 0.24, 0.24, 200, 450), arc(0, 0.24, 0.28, 0.26, -90, 160))],
    [joined([[-0.25, -0.5], [0.25, -0.5], [-0.03, -0.09]], arc(0, 0.2, 0.28, 0.3, -100, 160))],
  ],
  // 4: closed (one stroke with the diagonal); open (an L and a separate stem).
  [
    [[[0.12, 0.5], [0.12, -0.5], [-0.3, 0.18], [0.3, 0.18]]],
    [[[-0.2, -0.5], [-0.28, 0.15], [0.3, 0.15]], [[0.14, -0.3], [0.14, 0.5]]],
  ],
  // 5: a top bar and a short stem into an open bowl, two bowl shapes.
  [
    [joined([[0.26, -0.5], [-0.2, -0.5], [-0.23, 0.02]], arc(0, 0.2, 0.28, 0.3, 215, 500))],
    [[[-0.2, -0.5], [-0.24, 0.0]], joined(arc(0.02, 0.22, 0.3, 0.28, 200, 480)), [[-0.2, -0.5], [0.28, -0.52]]],
  ],
  // 6: a curved or straight spine down the left into a loop at the bottom.
  [
    [joined(arc(0.3, 0.22, 0.57, 0.7, 250, 180), arc(0, 0.22, 0.27, 0.27, 180, 540))],
    [joined([[0.15, -0.5], [-0.22, 0.12]], arc(0, 0.22, 0.25, 0.27, 200, 560))],
  ],
  // 7: a bar and a diagonal; with a crossbar; with a curved stem.
  [
    [[[-0.3, -0.5], [0.3, -0.5], [-0.06, 0.5]]],
    [[[-0.3, -0.5], [0.3, -0.5], [-0.06, 0.5]], [[-0.1, 0.02], [0.24, 0.02]]],
    [joined([[-0.3, -0.5]], curve([0.3, -0.5], [0.05, 0.0], [0.0, 0.5]))],
  ],
  // 8: two stacked loops, the lower one larger, in two proportions.
  [
    [arc(0, -0.26, 0.22, 0.24, 0, 360), arc(0, 0.24, 0.28, 0.26, 0, 360)],
    [arc(0, -0.28, 0.19, 0.22, 90, 450), arc(0, 0.22, 0.27, 0.28, -90, 270)],
  ],
  // 9: a loop at the top with a straight or a curved tail.
  [
    [arc(0, -0.22, 0.27, 0.27, 0, 360), [[0.27, -0.22], [0.25, 0.5]]],
    [arc(0, -0.22, 0.27, 0.27, 0, 360), curve([0.27, -0.22], [0.27, 0.3], [-0.15, 0.5])],
  ],
];
