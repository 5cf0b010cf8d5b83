"""Keras training speed for `npm run bench`: the notebook's two models, batch 32, on N examples.

    python scripts/keras/bench.py --threads 1 --models cnn,lstm --examples 640 --rounds 6

One process per thread count (TensorFlow fixes its thread pools at start-up). Each round trains
one epoch of the same N training images (no validation), after a warm-up fit of ten batches;
prints one JSON object on stdout: per model, the median, smallest and largest examples/s of
wall-clock time and of this process's CPU time, and the rounds.
"""

import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from train import read_split  # noqa: E402  (same data, same SHA-256 checks)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--models", default="cnn,lstm")
    p.add_argument("--examples", type=int, default=640)
    p.add_argument("--rounds", type=int, default=6)
    args = p.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import tensorflow as tf
    import keras
    from keras import layers

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    x_u8, y_int = read_split(np, "train", args.examples)
    rows = []
    for kind in args.models.split(","):
        keras.utils.set_random_seed(0)
        if kind == "cnn":
            x = (x_u8.astype("float32") / 255.0).reshape(-1, 28, 28, 1)
            model = keras.Sequential([
                keras.Input(shape=(28, 28, 1)), layers.Conv2D(32, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
                layers.Conv2D(64, (3, 3), activation="relu"), layers.Flatten(), layers.Dense(128, activation="relu"),
                layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
        else:
            x = (x_u8.astype("float32") / 255.0).reshape(-1, 28, 28)
            model = keras.Sequential([keras.Input(shape=(28, 28)), layers.LSTM(128), layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
        y = keras.utils.to_categorical(y_int, 10)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
        model.fit(x[:320], y[:320], epochs=1, batch_size=32, verbose=0)  # warm-up: tracing and first allocations
        rounds = []
        for _ in range(args.rounds):
            w0, c0 = time.perf_counter(), time.process_time()
            model.fit(x, y, epochs=1, batch_size=32, verbose=0)
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            rounds.append({"wall": len(x) / wall, "cpu": len(x) / cpu})
        walls = [r["wall"] for r in rounds]
        cpus = [r["cpu"] for r in rounds]
        rows.append({"model": kind, "threads": args.threads, "examples": len(x), "batchSize": 32,
                     "examplesPerSecond": statistics.median(walls), "min": min(walls), "max": max(walls),
                     "cpuExamplesPerSecond": statistics.median(cpus), "rounds": rounds})
        keras.backend.clear_session()
    print(json.dumps({"tensorflow": tf.__version__, "keras": keras.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
