// Shared by the start-up scripts: check the first result and print the process's peak RSS.

export const report = (result: ArrayLike<number>): void => {
  const values = Array.from(result).join(",");
  if (values !== "5,7,9") throw new Error(`startup: the first op computed ${values}, expected 5,7,9`);
  process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
};
