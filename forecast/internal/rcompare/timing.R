# timing.R: CPU and wall time of R's ets() and thetaf() on the held-out
# configuration ("hold") of a set written by compare.R, for the speed
# comparison in docs/bench/forecast.md. Run it next to
# `rcompare -speed DIR` at a quiet moment; both report CPU seconds, which
# load on a shared machine does not inflate the way it inflates wall time.
# Usage: Rscript timing.R DIR
suppressPackageStartupMessages(library(forecast))
dir <- commandArgs(trailingOnly = TRUE)[1]
s <- read.csv(file.path(dir, "series.csv"))
cf <- read.csv(file.path(dir, "configs.csv"))
cf <- cf[cf$config == "hold", ]
ys <- split(s$value, s$series_id)
for (method in c("ets", "thetaf")) {
  t0 <- proc.time()
  for (i in seq_len(nrow(cf))) {
    y <- ts(ys[[cf$series_id[i]]][cf$start[i]:cf$origin[i]], frequency = 12)
    if (method == "ets") forecast(ets(y), h = cf$horizon[i]) else thetaf(y, h = cf$horizon[i])
  }
  d <- proc.time() - t0
  cat(sprintf("R %s: %d series, %.1f ms CPU and %.1f ms wall per series\n", method, nrow(cf),
    1000 * (d[["user.self"]] + d[["sys.self"]]) / nrow(cf), 1000 * d[["elapsed"]] / nrow(cf)))
}
