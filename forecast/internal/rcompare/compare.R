# compare.R: the outside oracle for forecast/internal/rcompare.
# Builds the comparison set from datasets shipped in Debian's R packages plus
# the project's sample CSV, writes it as series.csv (series_id,t,value) and
# meta.csv (series_id,source,period,horizon), then forecasts each series'
# training part with R's ets() and thetaf() from the forecast package and
# writes r_forecasts.csv (series_id,method,h,value,seconds).
# Usage: Rscript compare.R OUTDIR CS_MONTHLY_CSV
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
csfile <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)

col1 <- function(x) if (is.null(dim(x))) x else x[, 1]
load_ts <- function(name, pkg) { e <- new.env(); data(list = name, package = pkg, envir = e); get(name, e) }
sets <- list()
add <- function(id, y) sets[[id]] <<- y
# Long series are cut into consecutive, non-overlapping 12-year blocks so each
# block is one test series of 144 months (126 to fit, 18 to score), M3-like.
chunked <- function(id, y, len = 144, maxk = 4) {
  y <- as.numeric(na.omit(as.numeric(y)))
  f <- 12
  if (length(y) < 2 * len) { add(id, ts(y, frequency = f)); return() }
  # At most maxk blocks (the most recent ones) so no single source dominates.
  k <- floor(length(y) / len)
  y <- y[(length(y) - k * len + 1):length(y)]
  k0 <- max(1, k - maxk + 1)
  for (i in k0:k) add(sprintf("%s_%d", id, i), ts(y[((i - 1) * len + 1):(i * len)], frequency = f))
}
monthly <- list(
  c("AirPassengers", "datasets"), c("UKDriverDeaths", "datasets"), c("USAccDeaths", "datasets"),
  c("co2", "datasets"), c("nottem", "datasets"), c("ldeaths", "datasets"), c("mdeaths", "datasets"),
  c("fdeaths", "datasets"), c("sunspot.month", "datasets"), c("gas", "forecast"), c("wineind", "forecast"),
  c("ip", "lmtest"), c("jocci", "lmtest"), c("lhur", "lmtest"), c("fyff", "lmtest"), c("gmdc", "lmtest"),
  c("pw561", "lmtest"), c("nino", "tseries"), c("tcm", "tseries"))
for (s in monthly) {
  y <- tryCatch(load_ts(s[1], s[2]), error = function(e) NULL)
  if (!is.null(y)) chunked(s[1], col1(y))
}
sb <- load_ts("Seatbelts", "datasets")
for (cn in c("DriversKilled", "front", "rear", "kms", "PetrolPrice", "VanKilled")) chunked(paste0("Seatbelts_", cn), sb[, cn])
cs <- read.csv(csfile)
for (cn in setdiff(names(cs), "month")) add(paste0("cs_monthly_", cn), ts(cs[[cn]], frequency = 12))

series <- list(); meta <- list(); fc <- list()
for (id in names(sets)) {
  y <- sets[[id]]
  n <- length(y)
  h <- if (n >= 72) 18 else 12
  series[[id]] <- data.frame(series_id = id, t = seq_len(n), value = as.numeric(y))
  meta[[id]] <- data.frame(series_id = id, source = id, period = 12, horizon = h)
  train <- ts(as.numeric(y)[1:(n - h)], frequency = 12)
  t0 <- proc.time()[["elapsed"]]
  fe <- tryCatch(as.numeric(forecast(ets(train), h = h)$mean), error = function(e) rep(NA, h))
  t1 <- proc.time()[["elapsed"]]
  ft <- tryCatch(as.numeric(thetaf(train, h = h)$mean), error = function(e) rep(NA, h))
  t2 <- proc.time()[["elapsed"]]
  fc[[paste0(id, "e")]] <- data.frame(series_id = id, method = "R_ets", h = seq_len(h), value = fe, seconds = t1 - t0)
  fc[[paste0(id, "t")]] <- data.frame(series_id = id, method = "R_thetaf", h = seq_len(h), value = ft, seconds = t2 - t1)
  cat(id, n, h, sprintf("%.2fs", t1 - t0), "\n")
}
write.csv(do.call(rbind, series), file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, meta), file.path(out, "meta.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, fc), file.path(out, "r_forecasts.csv"), row.names = FALSE, quote = FALSE)
cat("R", as.character(getRversion()), "forecast", as.character(packageVersion("forecast")), "\n", file = file.path(out, "versions.txt"))
