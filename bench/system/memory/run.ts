// Shared by the memory scripts: run the MLP benchmark's training steps on one library's trainer
// (argv[2] steps, default 300) and print the last loss and the process's peak RSS.

import { mlpInputs, type MlpInputs, type Trainer } from "../../libs/mlp/problem.js";

export const runSteps = async (make: (w: MlpInputs) => Promise<Trainer>): Promise<void> => {
  const steps = Number(process.argv[2] ?? 300);
  const trainer = await make(mlpInputs());
  for (let i = 0; i < steps; i++) await trainer.step();
  process.stdout.write(`${JSON.stringify({ loss: await trainer.lastLoss(), maxRssKiB: process.resourceUsage().maxRSS })}\n`);
  process.exit(0);
};
