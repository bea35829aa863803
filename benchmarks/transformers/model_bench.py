#!/usr/bin/env python3
"""Hugging Face transformers' side of `anatomy-r1 bench model`, for side-by-side numbers on the same machine.

Loads a Qwen2.5-VL model directory (e.g. `anatomy-r1 init-model --arch qwen2.5-vl-3b`), builds the same
prompt as benchmarks/.../ModelBenchmark.java (one square random image, the same user text, the chat
template), then times: load, first and warm prefill (the whole forward of the prompt, cache filled),
the vision tower alone, and greedy decoding of --new-tokens tokens; peak RSS from getrusage.
Writes JSON with the same field names as `bench model`. Needs torch, transformers and pillow: it is a
measuring tool, never a dependency of the product or its tests.

  python3 benchmarks/transformers/model_bench.py --model /tmp/q3b --image-size 448 --dtype bf16 --threads 2
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import torch
from PIL import Image
from transformers import (AutoTokenizer, LogitsProcessor, LogitsProcessorList, Qwen2_5_VLForConditionalGeneration,
                          Qwen2VLImageProcessor)

USER_TEXT = "Which organ is shown in this image? Answer with one word."  # ModelBenchmark's prompt


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--image-size", type=int, default=448)
    p.add_argument("--dtype", choices=["bf16", "fp32"], default="bf16")
    p.add_argument("--new-tokens", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--decode-only", action="store_true", help="skip the prefill and vision timings (decode still prefills once)")
    p.add_argument("--out", default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    dtype = torch.bfloat16 if a.dtype == "bf16" else torch.float32
    r = {"implementation": "transformers " + __import__("transformers").__version__ + ", torch " + torch.__version__,
         "model": a.model, "dtype": a.dtype, "image_size": a.image_size, "threads": a.threads, "new_tokens": a.new_tokens}

    t0 = time.perf_counter()
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(a.model, dtype=dtype).eval()
    r["load_s"] = time.perf_counter() - t0
    log(f"loaded in {r['load_s']:.2f} s")

    px = np.random.default_rng(0).integers(0, 256, (a.image_size, a.image_size, 3), dtype=np.uint8)
    image = Image.fromarray(px)
    # min_pixels = max_pixels = size^2 keeps the image at its size (448 -> 32 x 32 patches, 256 image tokens)
    # the image processor and tokenizer directly (AutoProcessor would also want torchvision for video)
    images = Qwen2VLImageProcessor.from_pretrained(a.model, min_pixels=a.image_size ** 2, max_pixels=a.image_size ** 2)
    tok = AutoTokenizer.from_pretrained(a.model)
    pix = images(images=[image], return_tensors="pt")
    n_image_tokens = int(pix["image_grid_thw"].prod()) // 4  # 2 x 2 patches merge into one token
    text = ("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n<|vision_start|>"
            + "<|image_pad|>" * n_image_tokens + "<|vision_end|>" + USER_TEXT + "<|im_end|>\n<|im_start|>assistant\n")
    inputs = dict(tok(text, return_tensors="pt"))
    inputs["pixel_values"] = pix["pixel_values"].to(dtype)
    inputs["image_grid_thw"] = pix["image_grid_thw"]
    # transformers 5.x places image tokens in 3D rotary positions only when told which tokens are image tokens
    inputs["mm_token_type_ids"] = (inputs["input_ids"] == model.config.image_token_id).int()
    r["prompt_tokens"] = int(inputs["input_ids"].shape[1])

    with torch.inference_mode():
        if not a.decode_only:
            r["prefill_first_s"] = timed(lambda: model(**inputs, use_cache=True))
            log(f"first prefill {r['prefill_first_s']:.2f} s ({r['prompt_tokens']} tokens)")
            r["prefill_s"] = timed(lambda: model(**inputs, use_cache=True))
            log(f"warm prefill {r['prefill_s']:.2f} s")
            visual = model.model.visual if hasattr(model.model, "visual") else model.visual
            r["vision_s"] = timed(lambda: visual(inputs["pixel_values"], grid_thw=inputs["image_grid_thw"]))
            log(f"vision {r['vision_s']:.2f} s")
        # decode steps timed inside generate: the logits processor runs once per new token, right after the
        # forward that produced it, so n + 1 tokens give n intervals of exactly one decoding step each
        stamps = StepStamps()
        model.generate(**inputs, max_new_tokens=a.new_tokens + 1, min_new_tokens=a.new_tokens + 1, do_sample=False,
                       logits_processor=LogitsProcessorList([stamps]))
        r["decode_ms_per_token"] = (stamps.times[-1] - stamps.times[0]) / a.new_tokens * 1e3
        log(f"decode {r['decode_ms_per_token']:.1f} ms/token")
    r["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    s = json.dumps(r, indent=2)
    print(s)
    if a.out:
        with open(a.out + ".tmp", "w") as f:
            f.write(s + "\n")
        __import__("os").replace(a.out + ".tmp", a.out)


class StepStamps(LogitsProcessor):
    """Records the time of every call: one per generated token, after that token's forward."""

    def __init__(self):
        self.times = []

    def __call__(self, input_ids, scores):
        self.times.append(time.perf_counter())
        return scores


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def log(msg):
    print("transformers model_bench: " + msg, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
