// Shapes as text in error messages: [64, 28, 28].

/** "[2, 3]"; "[]" for a scalar. Any value prints, so bad dims show as they are ("[3, NaN]"). */
export const shapeToString = (s: readonly unknown[]): string => `[${s.map(String).join(", ")}]`;
