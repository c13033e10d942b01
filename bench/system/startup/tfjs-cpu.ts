// Start-up of TensorFlow.js on its cpu backend: import, select the backend, compute a first sum.
import * as tf from "@tensorflow/tfjs";
import { report } from "./report.js";

await tf.setBackend("cpu");
report(tf.add(tf.tensor([1, 2, 3]), tf.tensor([4, 5, 6])).dataSync());
