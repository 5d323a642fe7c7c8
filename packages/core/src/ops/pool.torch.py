#!/usr/bin/python3
"""PyTorch reference values for the pooling and pad tests (pool.torch.test.ts).

Writes golden/pool.torch.json (biome leaves golden/ alone): for each case, PyTorch's output
and input gradient (of sum(y * u)) in float64, or that PyTorch raised. Inputs are not stored:
both sides build them from the same exact formula (see `series`), so the file stays small. Run
with Debian's python3-torch (1.13):

    /usr/bin/python3 packages/core/src/ops/pool.torch.py
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def series(n, seed, kind):
    """The test's inputs, exact in float64 on both sides (a permutation of a grid, no libm)."""
    if kind == "distinct":  # distinct values: 7919 is prime to 1000
        return [((i * 7919 + seed * 104729) % 1000) / 997 - 0.5 for i in range(n)]
    if kind == "ties":  # five values, so windows hold ties
        return [float((i * 7 + seed) % 5) for i in range(n)]
    raise ValueError(kind)


def num(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    r = float("%.9g" % v)
    return int(r) if r.is_integer() else r


def run(fn, shape, seed, kind, nan_at=()):
    n = math.prod(shape)
    xs = series(n, seed, kind)
    for i in nan_at:
        xs[i] = math.nan
    x = torch.tensor(xs).reshape(shape).requires_grad_()
    try:
        y = fn(x)
    except RuntimeError as e:
        return {"error": str(e).splitlines()[0]}
    u = torch.tensor(series(y.numel(), seed + 1, "distinct")).reshape(y.shape)
    (y * u).sum().backward()
    return {
        "outShape": list(y.shape),
        "y": [num(v) for v in y.detach().flatten().tolist()],
        "grad": [num(v) for v in x.grad.flatten().tolist()],
    }


cases = []

SHAPES = [[2, 1, 7, 7], [1, 2, 6, 7], [2, 5, 5], [1, 1, 8, 5], [1, 1, 4, 4]]
MAX_GRID = [
    # kernel, stride, padding, dilation, ceil
    (2, None, 0, 1, False),
    (3, 2, 1, 1, False),
    (3, 2, 1, 1, True),
    (3, 2, 0, 1, True),
    ((2, 3), (1, 2), (1, 0), 1, False),
    ((3, 2), (2, 1), (0, 1), (1, 1), True),
    (2, 1, 0, 2, False),
    (3, 1, 1, 2, False),
    (2, 2, 1, 2, True),
    ((2, 3), 3, (1, 1), (2, 1), True),
    (3, 3, 1, 1, True),
    (4, 3, 2, 1, True),
    (1, 2, 0, 1, True),
    (5, 1, 2, 1, False),
    (3, 2, 2, 1, False),  # padding over half the kernel: an error
    (6, 1, 0, 1, False),  # kernel larger than some inputs: an error there
]
for si, shape in enumerate(SHAPES):
    for gi, (k, s, p, d, ceil) in enumerate(MAX_GRID):
        opts = {"stride": s, "padding": p, "dilation": d, "ceilMode": ceil}
        fn = lambda x, k=k, s=s, p=p, d=d, ceil=ceil: F.max_pool2d(
            x, k, stride=s, padding=p, dilation=d, ceil_mode=ceil
        )
        for kind in ["distinct", "ties"] if si < 2 else ["distinct"]:
            cases.append(
                {"op": "maxPool2d", "shape": shape, "seed": si * 31 + gi, "kind": kind,
                 "kernelSize": k, "options": opts, **run(fn, shape, si * 31 + gi, kind)}
            )

# NaN: the output is NaN and the gradient goes to the window's last NaN (CPU kernel).
for nan_at in [(0,), (5, 6), (0, 1, 7, 8)]:
    fn = lambda x: F.max_pool2d(x, 3, stride=2, padding=1)
    cases.append(
        {"op": "maxPool2d", "shape": [1, 1, 4, 4], "seed": 3, "kind": "distinct", "nanAt": list(nan_at),
         "kernelSize": 3, "options": {"stride": 2, "padding": 1},
         **run(fn, [1, 1, 4, 4], 3, "distinct", nan_at)}
    )

AVG_GRID = [
    # kernel, stride, padding, ceil, countIncludePad, divisorOverride
    (2, None, 0, False, True, None),
    (3, 2, 1, False, True, None),
    (3, 2, 1, False, False, None),
    (3, 2, 1, True, True, None),
    (3, 2, 1, True, False, None),
    (3, 2, 0, True, True, None),
    ((2, 3), (1, 2), (1, 0), True, True, None),
    ((3, 2), (2, 1), (0, 1), False, False, None),
    (3, 3, 1, True, True, None),
    (4, 3, 2, True, True, None),
    (4, 3, 2, True, False, None),
    (2, 1, 1, False, True, 3),
    (3, 2, 1, True, False, 5),
    (3, 2, 2, False, True, None),  # padding over half the kernel: an error
]
for si, shape in enumerate(SHAPES):
    for gi, (k, s, p, ceil, cip, div) in enumerate(AVG_GRID):
        opts = {"stride": s, "padding": p, "ceilMode": ceil, "countIncludePad": cip,
                "divisorOverride": div}
        fn = lambda x, k=k, s=s, p=p, ceil=ceil, cip=cip, div=div: F.avg_pool2d(
            x, k, stride=s, padding=p, ceil_mode=ceil, count_include_pad=cip,
            divisor_override=div,
        )
        cases.append(
            {"op": "avgPool2d", "shape": shape, "seed": 500 + si * 31 + gi, "kind": "distinct",
             "kernelSize": k, "options": opts, **run(fn, shape, 500 + si * 31 + gi, "distinct")}
        )

ADAPTIVE = [1, 2, 3, (3, 4), (None, 2), (4, None), (5, 9), (6, 1)]
for si, shape in enumerate(SHAPES):
    for gi, out in enumerate(ADAPTIVE):
        fn = lambda x, out=out: F.adaptive_avg_pool2d(x, out)
        cases.append(
            {"op": "adaptiveAvgPool2d", "shape": shape, "seed": 900 + si * 31 + gi,
             "kind": "distinct", "outputSize": out,
             **run(fn, shape, 900 + si * 31 + gi, "distinct")}
        )

PADS = [
    ([2, 3], [1, 2], "constant", 0.0),
    ([2, 3], [0, 0, 2, 1], "constant", -1.5),
    ([2, 3, 4], [-1, 2, 1, -1], "constant", 0.25),
    ([2, 3, 4], [1, 1, 1, 1, 1, 1], "constant", 0.0),
    ([1, 2, 3, 4], [-2, -1], "constant", 0.0),
    ([2, 5], [2, 4], "reflect", None),
    ([1, 3, 4], [3, 1], "reflect", None),
    ([1, 2, 3, 4], [3, 2, 2, 1], "reflect", None),
    ([2, 2, 5, 4], [1, 3, 4, 0], "reflect", None),
    ([2, 3], [3, 0], "reflect", None),  # pad equal to the size: an error
]
for i, (shape, pads, mode, value) in enumerate(PADS):
    if mode == "constant":
        fn = lambda x, pads=pads, value=value: F.pad(x, pads, mode="constant", value=value)
    else:
        fn = lambda x, pads=pads: F.pad(x, pads, mode="reflect")
    cases.append(
        {"op": "pad", "shape": shape, "seed": 1300 + i, "kind": "distinct", "pads": pads,
         "mode": mode, "value": value, **run(fn, shape, 1300 + i, "distinct")}
    )

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "pool.torch.json")
with open(out, "w") as f:
    f.write('{"torch":"%s","cases":[\n' % torch.__version__)
    f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
    f.write("\n]}\n")
print(f"{len(cases)} cases, {sum('error' in c for c in cases)} errors -> {out}")
