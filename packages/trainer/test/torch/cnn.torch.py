#!/usr/bin/python3
"""PyTorch reference for the CNN state-dict tests (test/torch-cnn.test.ts).

For each model of cnn-models.json, built from torch.nn layer for layer:

* PyTorch to gradscope: the model (seeded default init, then one training pass so that the
  batch norms' running statistics and num_batches_tracked are not the initial ones) is saved as
  golden/<model>.torch.safetensors, in the layout safetensors.torch.save_file writes (F32 tensors,
  num_batches_tracked as I64). Then two training passes (outputs, the gradients of sum(y * u) for
  the input and every parameter, the buffers after each) and one in eval mode.
* gradscope to PyTorch: golden/<model>.gradscope.safetensors (written by write-gradscope.ts; run
  that first) is loaded with load_state_dict(strict=True), and the outputs in eval and in
  training mode and the buffers after are recorded.

Everything goes to golden/cnn.torch.json (float32 values written exactly). Run with Debian's
python3-torch (1.13), from the repository root:

    node --import tsx packages/trainer/test/torch/write-gradscope.ts
    /usr/bin/python3 packages/trainer/test/torch/cnn.torch.py

(python3-safetensors is not packaged in Debian, so the file format, a u64 little-endian header
length, a JSON header and the raw little-endian data, is written and read here by hand.)
"""
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")

KEYWORDS = {
    "paddingMode": "padding_mode",
    "outputPadding": "output_padding",
    "countIncludePad": "count_include_pad",
    "ceilMode": "ceil_mode",
    "trackRunningStats": "track_running_stats",
    "divisorOverride": "divisor_override",
}
PADDING_MODES = {"zeros": "zeros", "reflect": "reflect"}


def arg(v):
    return tuple(v) if isinstance(v, list) else v


def layer(name, args, options):
    kw = {KEYWORDS.get(k, k): arg(v) for k, v in options.items()}
    if "padding_mode" in kw:
        kw["padding_mode"] = PADDING_MODES[kw["padding_mode"]]
    if name in ("ReLU", "Tanh", "Flatten"):
        return getattr(nn, name)(*args, **kw)
    return getattr(nn, name)(*[arg(a) for a in args], **kw)


def build(spec):
    return nn.Sequential(*[layer(*l) for l in spec["layers"]])


DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
NP = {"F32": np.float32, "F64": np.float64, "I64": np.int64}


def save_safetensors(path, sd):
    header, blobs, offset = {}, [], 0
    for k, t in sd.items():
        b = t.detach().contiguous().numpy().tobytes()  # little-endian: asserted in main
        header[k] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    body = data[8 + n :]
    out = {}
    for k, e in header.items():
        if k == "__metadata__":
            continue
        a, b = e["data_offsets"]
        arr = np.frombuffer(body[a:b], dtype=np.dtype(NP[e["dtype"]]).newbyteorder("<"))
        out[k] = torch.from_numpy(arr.copy()).reshape(e["shape"])
    return out


def values(t):
    return t.detach().reshape(-1).tolist()


def buffers(model):
    return {k: values(v) for k, v in model.state_dict().items() if k.endswith(("running_mean", "running_var", "num_batches_tracked"))}


def train_pass(model, x, u):
    model.train()
    model.zero_grad()
    xi = x.clone().requires_grad_()
    y = model(xi)
    (y * u).sum().backward()
    return {
        "y": values(y),
        "outShape": list(y.shape),
        "gradInput": values(xi.grad),
        "grads": {k: values(p.grad) for k, p in model.named_parameters()},
        "buffersAfter": buffers(model),
    }


def eval_pass(model, x):
    model.eval()
    with torch.no_grad():
        return values(model(x))


def main():
    assert sys.byteorder == "little"
    with open(os.path.join(HERE, "cnn-models.json")) as f:
        specs = json.load(f)["models"]
    out = {"torch": torch.__version__, "models": {}}
    for i, (name, spec) in enumerate(specs.items()):
        torch.manual_seed(1000 + i)
        shape = spec["input"]
        x0, x1, x2, xe = (torch.randn(shape) * 1.5 + 0.25 for _ in range(4))
        model = build(spec)
        model.train()
        with torch.no_grad():
            u_shape = model(x0).shape  # the warm-up pass: running statistics move
        u = torch.randn(u_shape)
        sd = model.state_dict()
        save_safetensors(os.path.join(GOLDEN, f"{name}.torch.safetensors"), sd)
        rec = {
            "keys": list(sd.keys()),
            "x1": values(x1),
            "x2": values(x2),
            "xEval": values(xe),
            "u": values(u),
            "fromTorch": {
                "train1": train_pass(model, x1, u),
                "train2": train_pass(model, x2, u),
                "eval": eval_pass(model, xe),
            },
        }
        theirs = build(spec)
        theirs.load_state_dict(load_safetensors(os.path.join(GOLDEN, f"{name}.gradscope.safetensors")), strict=True)
        rec["fromGradscope"] = {"eval": eval_pass(theirs, xe), "train1": train_pass(theirs, x1, u)}
        out["models"][name] = rec
    with open(os.path.join(GOLDEN, "cnn.torch.json"), "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
