#!/usr/bin/env python3
"""Logistic regression with nothing but the Python standard library.

Written for the ModelArts training-container contract:
  * the platform passes --data_url and --train_url as LOCAL folders (inputs/<name>_0, outputs/<name>_0)
    and may add arguments this script does not know, hence parse_known_args();
  * everything written to --train_url is uploaded to the output's object path every 30 s and once
    more when the script exits, also when it fails;
  * with auto restart and "predownload" on, a restarted job finds its last checkpoint in --train_url.

Reads every *.csv under --data_url (feature columns, then a 0/1 "label" column), trains with batch
gradient descent, prints the loss of every epoch, writes model.json and metrics.json, and keeps
checkpoint.json up to date so that a restarted job resumes where it stopped.
"""
import argparse
import csv
import glob
import json
import math
import os
import random
import sys
import time


def parse_args():
    p = argparse.ArgumentParser(description="Train a logistic regression model.")
    p.add_argument("--data_url", required=True, help="folder with the training CSV files")
    p.add_argument("--train_url", required=True, help="folder for the model, metrics and checkpoints")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--learning_rate", type=float, default=0.5)
    p.add_argument("--l2", type=float, default=0.0, help="L2 regularisation strength")
    p.add_argument("--validation_split", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--checkpoint_every", type=int, default=5)
    p.add_argument("--fail_at_epoch", type=int, default=0,
                   help="crash once at this epoch unless resumed from a checkpoint (to try auto restart)")
    p.add_argument("--sleep_per_epoch", type=float, default=0.0, help="slow training down (to try stop and auto stop)")
    args, unknown = p.parse_known_args()
    if unknown:
        print("ignoring arguments this script does not use: %s" % " ".join(unknown))
    return args


def load_rows(data_dir):
    files = sorted(glob.glob(os.path.join(data_dir, "**", "*.csv"), recursive=True))
    if not files:
        sys.exit("no .csv files under %s" % data_dir)
    header, rows = None, []
    for path in files:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            file_header = next(reader)
            if header is None:
                header = file_header
            elif file_header != header:
                sys.exit("%s has columns %s, expected %s" % (path, file_header, header))
            for line in reader:
                if line:
                    rows.append([float(v) for v in line])
    if header[-1] != "label":
        sys.exit("the last column must be 'label', not %r" % header[-1])
    print("read %d rows with %d features from %d file(s)" % (len(rows), len(header) - 1, len(files)))
    return header[:-1], rows


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def standardise(rows, n):
    mean = [sum(r[j] for r in rows) / len(rows) for j in range(n)]
    std = [math.sqrt(sum((r[j] - mean[j]) ** 2 for r in rows) / len(rows)) or 1.0 for j in range(n)]
    return mean, std


def scaled(row, mean, std):
    return [(row[j] - mean[j]) / std[j] for j in range(len(mean))]


def evaluate(rows, weights, bias, mean, std, l2=0.0):
    loss, correct = 0.0, 0
    for r in rows:
        x, y = scaled(r, mean, std), r[-1]
        p = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias)
        p = min(max(p, 1e-12), 1 - 1e-12)
        loss -= y * math.log(p) + (1 - y) * math.log(1 - p)
        correct += int((p >= 0.5) == (y >= 0.5))
    loss = loss / len(rows) + l2 * sum(w * w for w in weights) / 2
    return loss, correct / len(rows)


def write_json(path, value):
    # write then rename: the periodic output sync never sees a half-written file
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=2)
    os.replace(tmp, path)


def main():
    args = parse_args()
    print("job dir %s, worker %s of %s" % (os.environ.get("MA_JOB_DIR"), os.environ.get("VC_TASK_INDEX", "0"),
                                           os.environ.get("MA_NUM_HOSTS", "1")))
    names, rows = load_rows(args.data_url)
    n = len(names)
    random.Random(args.seed).shuffle(rows)
    split = int(len(rows) * (1 - args.validation_split))
    train, valid = rows[:split], rows[split:] or rows[:split]
    mean, std = standardise(train, n)

    os.makedirs(args.train_url, exist_ok=True)
    checkpoint_path = os.path.join(args.train_url, "checkpoint.json")
    weights, bias, start, history = [0.0] * n, 0.0, 1, []
    resumed = False
    if os.path.exists(checkpoint_path):
        with open(checkpoint_path) as f:
            ckpt = json.load(f)
        weights, bias, history = ckpt["weights"], ckpt["bias"], ckpt["history"]
        start, resumed = ckpt["epoch"] + 1, True
        print("resuming from checkpoint at epoch %d" % ckpt["epoch"])

    for epoch in range(start, args.epochs + 1):
        grad_w, grad_b = [0.0] * n, 0.0
        for r in train:
            x, y = scaled(r, mean, std), r[-1]
            err = sigmoid(sum(w * v for w, v in zip(weights, x)) + bias) - y
            for j in range(n):
                grad_w[j] += err * x[j]
            grad_b += err
        weights = [w - args.learning_rate * (g / len(train) + args.l2 * w) for w, g in zip(weights, grad_w)]
        bias -= args.learning_rate * grad_b / len(train)
        train_loss, _ = evaluate(train, weights, bias, mean, std, args.l2)
        valid_loss, valid_acc = evaluate(valid, weights, bias, mean, std)
        history.append({"epoch": epoch, "train_loss": round(train_loss, 6), "validation_loss": round(valid_loss, 6)})
        print("epoch %3d/%d  loss %.4f  validation loss %.4f  accuracy %.3f"
              % (epoch, args.epochs, train_loss, valid_loss, valid_acc), flush=True)
        if epoch % args.checkpoint_every == 0 or epoch == args.epochs:
            write_json(checkpoint_path, {"epoch": epoch, "weights": weights, "bias": bias, "history": history})
        if args.fail_at_epoch and epoch == args.fail_at_epoch and not resumed:
            write_json(checkpoint_path, {"epoch": epoch, "weights": weights, "bias": bias, "history": history})
            print("simulated crash at epoch %d (checkpoint saved)" % epoch, file=sys.stderr, flush=True)
            sys.exit(1)
        if args.sleep_per_epoch:
            time.sleep(args.sleep_per_epoch)

    valid_loss, valid_acc = evaluate(valid, weights, bias, mean, std)
    write_json(os.path.join(args.train_url, "model.json"),
               {"type": "logistic-regression", "features": names, "weights": weights, "bias": bias,
                "mean": mean, "std": std})
    write_json(os.path.join(args.train_url, "metrics.json"),
               {"epochs": args.epochs, "resumed": resumed, "train_rows": len(train), "validation_rows": len(valid),
                "validation_loss": round(valid_loss, 6), "validation_accuracy": round(valid_acc, 4), "history": history})
    print("validation accuracy %.3f; model and metrics written to %s" % (valid_acc, args.train_url))


if __name__ == "__main__":
    main()
