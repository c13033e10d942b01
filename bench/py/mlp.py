# The MLP training step in numpy (hand-written forward and backward pass, Adam with bias
# correction), float32: the native reference row of the MLP benchmark. Reads the shared initial
# parameters and batch written by bench/lib/numpy.ts, times steps like bench/lib/timing.ts (warm-up,
# then the median over 7 blocks of >= 60 ms) and prints {"msPerStep", "firstLoss"} as JSON.
# Thread count: set OPENBLAS_NUM_THREADS before starting Python.

import json
import os
import sys
import time

import numpy as np

data = sys.argv[1]
inputs, hidden, classes, batch = 784, 128, 10, 128
lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8


def load(name, shape):
    return np.fromfile(os.path.join(data, name), dtype=np.float32).reshape(shape)


x = load("x.bin", (batch, inputs))
y = load("y.bin", (batch, classes))
initial = [load("w1.bin", (inputs, hidden)), load("b1.bin", (hidden,)), load("w2.bin", (hidden, classes)), load("b2.bin", (classes,))]


def step(params, m, v, t):
    w1, b1, w2, b2 = params
    z1 = x @ w1 + b1
    h = np.maximum(z1, 0)
    logits = h @ w2 + b2
    top = logits.max(axis=1, keepdims=True)
    e = np.exp(logits - top)
    s = e.sum(axis=1, keepdims=True)
    loss = np.mean(np.sum(y * (top + np.log(s) - logits), axis=1))
    dlogits = (e / s - y) / np.float32(batch)  # each one-hot row sums to 1
    dh = dlogits @ w2.T
    dz1 = dh * (z1 > 0)
    grads = [x.T @ dz1, dz1.sum(axis=0), h.T @ dlogits, dlogits.sum(axis=0)]
    size = np.float32(lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t))
    out_p, out_m, out_v = [], [], []
    for p, g, mi, vi in zip(params, grads, m, v):
        mi = beta1 * mi + (1 - beta1) * g
        vi = beta2 * vi + (1 - beta2) * (g * g)
        out_p.append(p - size * mi / (np.sqrt(vi) + eps))
        out_m.append(mi)
        out_v.append(vi)
    return out_p, out_m, out_v, float(loss)


def fresh():
    return [p.copy() for p in initial], [np.zeros_like(p) for p in initial], [np.zeros_like(p) for p in initial]


params, m, v = fresh()
_, _, _, first_loss = step(params, m, v, 1)

t = 0


def run():
    global params, m, v, t
    t += 1
    params, m, v, _ = step(params, m, v, t)


calls = 0
start = time.perf_counter()
while calls < 2 or time.perf_counter() - start < 0.3:
    run()
    calls += 1
per_call = (time.perf_counter() - start) / calls
reps = max(1, int(np.ceil(0.06 / max(per_call, 1e-6))))
blocks = []
for _ in range(7):
    start = time.perf_counter()
    for _ in range(reps):
        run()
    blocks.append((time.perf_counter() - start) / reps * 1000)
print(json.dumps({"msPerStep": float(np.median(blocks)), "firstLoss": first_loss}))
