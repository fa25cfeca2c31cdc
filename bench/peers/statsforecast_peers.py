"""statsforecast peers for `npm run bench:accuracy`.

Reads a JSON request (series, their origins, horizon, season, refit cadence and training cap),
forecasts every origin with AutoETS, AutoARIMA, AutoTheta and MSTL, and writes a JSON answer:
point forecasts per model and origin, failures with their reason, and seconds spent per model.

Each model is fitted on the history before the first origin of a group of `refit_every` origins
(one day of origins) and moved forward to the later origins of the group with statsforecast's
`forward` (same parameters, newer data). A fit or forward that raises or returns non-finite values
is replaced by the last observed value for that origin and counted as a failure.

usage: python statsforecast_peers.py REQUEST.json ANSWER.json
"""

import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import statsforecast
from statsforecast.models import MSTL, AutoARIMA, AutoETS, AutoTheta

# Seasonal ETS members only up to a season of 24, as R's ets allows: at 288 (5-minute data)
# statsforecast's search takes ~40 s per fit on this machine and chose a non-seasonal model anyway.
MODELS = {
    "AutoETS": lambda m: AutoETS(season_length=m) if m <= 24 else AutoETS(model="ZZN"),
    "AutoARIMA": lambda m, approximate=False: AutoARIMA(season_length=m, approximation=approximate),
    "AutoTheta": lambda m: AutoTheta(season_length=m),
    "MSTL": lambda m: MSTL(season_length=m, trend_forecaster=AutoETS(model="ZZN")),
}


def forecast_series(task):
    """All origins of one series with one model; returns forecasts, failures and seconds."""
    name, model_name, series = task
    y = np.asarray(series["values"], dtype=float)
    h, m = series["horizon"], series["season"]
    cap = series.get("max_train_arima") if model_name == "AutoARIMA" else series.get("max_train")
    origins = series["origins"]
    every = max(1, series["refit_every"])
    started = time.perf_counter()
    forecasts, failures = [], []
    model = None
    for i, origin in enumerate(origins):
        begin = 0 if cap is None else max(0, origin - cap)
        history = y[begin:origin]
        try:
            if i % every == 0:
                model = (
                    MODELS[model_name](m, approximate=True)
                    if model_name == "AutoARIMA" and series.get("arima_approximation")
                    else MODELS[model_name](m)
                )
                model.fit(history)
                point = model.predict(h=h)["mean"]
            else:
                point = model.forward(y=history, h=h)["mean"]
            point = [float(v) for v in point]
            if len(point) != h or not all(math.isfinite(v) for v in point):
                raise ValueError("non-finite forecast")
        except Exception as error:  # a peer's crash is scored as its naive fallback, and reported
            failures.append(f"{model_name} on {name} at origin {origin}: {type(error).__name__}: {error}")
            if i % every == 0:
                model = None
            point = [float(history[-1])] * h
        forecasts.append(point)
    return name, model_name, forecasts, failures, time.perf_counter() - started


def main():
    request_path, answer_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    tasks = [(s["name"], model, s) for model in MODELS for s in request["series"]]
    # AutoARIMA is by far the slowest: start its tasks first so both workers stay busy.
    tasks.sort(key=lambda t: t[1] != "AutoARIMA")
    answer = {
        "statsforecast": statsforecast.__version__,
        "numpy": np.__version__,
        "models": list(MODELS),
        "series": {},
        "seconds": {m: 0.0 for m in MODELS},
        "failures": [],
    }
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, request.get("workers", 2))) as pool:
        for name, model, forecasts, failures, seconds in pool.map(forecast_series, tasks):
            answer["series"].setdefault(name, {})[model] = forecasts
            answer["seconds"][model] += seconds
            answer["failures"].extend(failures)
    answer["wall_seconds"] = time.perf_counter() - started
    with open(answer_path, "w", encoding="utf-8") as f:
        json.dump(answer, f)


if __name__ == "__main__":
    main()
