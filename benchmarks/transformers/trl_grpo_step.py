#!/usr/bin/env python3
"""TRL's side of `anatomy-r1 bench train-step` on the same tiny model directory and the same kind of items.

One GRPO run through trl.GRPOTrainer with the settings of anatomy-r1's `grpo` preset: B prompts x G
completions per step, T 0.9 / top-k 50 / top-p 0.9, k3 KL with beta 0.04 (so a reference model
forward per step), token-mean loss, one update per batch, AdamW at lr 1e-5, gradient clip 1.0,
the vision tower frozen (anatomy-r1's train.vision=false), full fine-tuning of the rest, CPU, fp32.
Prompts are QuestionPrompt's text (question, "A. text" options, the think/answer instruction) over
the item's image. The step time is the wall time between TrainerCallback.on_step_begin and
on_step_end, steps 2..N averaged (step 1 is warm-up), as `bench train-step` reports step_s.
A measuring tool only (needs torch, transformers, trl, datasets, pillow), never a product dependency.

  python3 benchmarks/transformers/trl_grpo_step.py --model RUN/model-init --data RUN/data/train.jsonl --threads 1
"""
import argparse
import json
import os
import re
import resource
import sys
import time

import torch
from datasets import Dataset
from PIL import Image
from transformers import (AutoTokenizer, ProcessorMixin, Qwen2_5_VLForConditionalGeneration, Qwen2_5_VLProcessor, Qwen2VLImageProcessorPil,
                          TrainerCallback)
from trl import GRPOConfig, GRPOTrainer

INSTRUCTION = ("Your task:\n"
               "1. Think through the question step by step, enclose your reasoning process in <think>...</think> tags.\n"
               "2. Then provide the correct single-letter choice (A, B, C, D,...) inside <answer>...</answer> tags.\n"
               "3. No extra information or text outside of these tags.")


VISION_TOKENS = ["<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]


def render(item):
    lines = [item["question"].strip()] + [f"{chr(65 + i)}. {o}" for i, o in enumerate(item["options"])]
    return "\n".join(lines) + "\n" + INSTRUCTION


def accuracy(completions, answer_index, options, **_):
    """1 when the <answer> tag names the right letter or option text, else 0 (a simple AnswerExtractor)."""
    out = []
    for c, a, opts in zip(completions, answer_index, options):
        text = c[0]["content"] if isinstance(c, list) else c
        m = re.search(r"<answer>(.*?)</answer>", text, re.S)
        got = m.group(1).strip() if m else ""
        out.append(1.0 if got in (chr(65 + a), f"{chr(65 + a)}. {opts[a]}", opts[a]) else 0.0)
    return out


class StepTimes(TrainerCallback):
    def __init__(self):
        self.times, self._t = [], None

    def on_step_begin(self, args, state, control, **kw):
        self._t = time.perf_counter()

    def on_step_end(self, args, state, control, **kw):
        self.times.append(time.perf_counter() - self._t)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--data", required=True, help="canonical jsonl (anatomy-r1 format) with images beside it")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--group-size", type=int, default=4)
    p.add_argument("--new-tokens", type=int, default=64)
    p.add_argument("--steps", type=int, default=11)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    base = os.path.dirname(os.path.abspath(a.data))
    items = [json.loads(l) for l in open(a.data) if l.strip()][: a.batch * a.steps]
    rows = {"prompt": [], "image": [], "answer_index": [], "options": []}
    for it in items:
        rows["prompt"].append([{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": render(it)}]}])
        rows["image"].append(Image.open(os.path.join(base, it["image"])).convert("RGB"))
        rows["answer_index"].append(it["answer_index"])
        rows["options"].append(it["options"])
    dataset = Dataset.from_dict(rows)

    tok = AutoTokenizer.from_pretrained(a.model)
    # the processor from its parts, without a video processor: AutoProcessor would build one, and it needs
    # torchvision (not installable offline here for this torch); these prompts have images only
    ProcessorMixin.check_argument_for_proper_class = lambda self, name, arg: None if arg is None else type(arg)
    processor = Qwen2_5_VLProcessor(image_processor=Qwen2VLImageProcessorPil.from_pretrained(a.model), tokenizer=tok,
                                    video_processor=None, chat_template=tok.chat_template)
    model = Qwen2_5_VLForConditionalGeneration.from_pretrained(a.model, dtype=torch.float32)
    model.model.visual.requires_grad_(False)

    cfg = GRPOConfig(output_dir="/tmp/trl-grpo-step", use_cpu=True, bf16=False, fp16=False, seed=0,
                     per_device_train_batch_size=a.batch * a.group_size, num_generations=a.group_size,
                     generation_batch_size=a.batch * a.group_size, max_completion_length=a.new_tokens,
                     temperature=0.9, top_k=50, top_p=0.9, beta=0.04, epsilon=0.2, loss_type="dapo",
                     num_iterations=1, learning_rate=1e-5, max_grad_norm=1.0, max_steps=a.steps, logging_steps=1,
                     report_to=[], save_strategy="no", dataloader_num_workers=0, shuffle_dataset=False,
                     # a random model samples any id; an <|image_pad|> in a completion would break transformers'
                     # image-token count on the training forward, so the vision placeholders are banned
                     generation_kwargs={"bad_words_ids": [[tok.convert_tokens_to_ids(t)] for t in VISION_TOKENS]})
    times = StepTimes()
    trainer = GRPOTrainer(model=model, reward_funcs=[accuracy], args=cfg, train_dataset=dataset,
                          processing_class=processor, callbacks=[times])
    trainer.train()
    lengths = [h["completions/mean_length"] for h in trainer.state.log_history if "completions/mean_length" in h]
    timed = times.times[1:] if len(times.times) > 1 else times.times
    r = {"implementation": "trl " + __import__("trl").__version__ + ", transformers " + __import__("transformers").__version__
         + ", torch " + torch.__version__, "model": a.model, "threads": a.threads, "batch": a.batch,
         "group_size": a.group_size, "new_tokens": a.new_tokens, "steps": a.steps, "step_s_each": times.times,
         "first_step_s": times.times[0], "step_s": sum(timed) / len(timed),
         "completion_length_mean": sum(lengths) / max(1, len(lengths)),
         "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}
    s = json.dumps(r, indent=2)
    print(s)
    if a.out:
        with open(a.out + ".tmp", "w") as f:
            f.write(s + "\n")
        os.replace(a.out + ".tmp", a.out)


if __name__ == "__main__":
    main()
