# compare.R: the outside oracle for forecast/internal/rcompare.
# Builds the comparison set from datasets shipped in Debian's R packages plus
# the project's sample CSV and writes it as series.csv (series_id,t,value),
# meta.csv (series_id,source,period,horizon) and configs.csv
# (series_id,config,start,origin,horizon: fit on values start..origin, score
# origin+1..origin+horizon, 1-based). It then forecasts every configuration
# with R's ets() and thetaf() from the forecast package and writes
# r_forecasts.csv (series_id,config,method,h,value,lo80,hi80,lo95,hi95,seconds).
#
# Configurations (the evaluation protocol, see docs/bench/forecast.md):
#   tune     origin n-2H, horizon H   (H = 18, or 12 for series under 72 values)
#   hold     origin n-H,  horizon H   (the held-out test; never used for choices)
#   tune24/tune36, hold24/hold36      the same origins, but only the last 24 or
#                                     36 values before the origin, horizon 12
# Usage: Rscript compare.R OUTDIR CS_MONTHLY_CSV
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
csfile <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)

col1 <- function(x) if (is.null(dim(x))) x else x[, 1]
# Some series (ldeaths, mdeaths, fdeaths) are objects of a data set with
# another name (UKLungDeaths): fall back to the attached package namespace.
load_ts <- function(name, pkg) {
  e <- new.env()
  suppressWarnings(data(list = name, package = pkg, envir = e))
  if (exists(name, e, inherits = FALSE)) get(name, e) else getExportedValue(pkg, name)
}
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
# Applied Econometrics with R (Debian r-cran-aer): monthly business and price
# series. FrozenJuice$fdd (weather) and USMacroSWM$oil (a shock indicator,
# mostly zeros) are left out: they are not KPI-like.
aer <- list(c("DutchSales", ""), c("FrozenJuice", "price"), c("FrozenJuice", "ppi"),
  c("PepperPrice", "black"), c("PepperPrice", "white"), c("USMacroSWM", "production"),
  c("USMacroSWM", "cpi"), c("USMacroSWM", "expenditure"), c("BondYield", ""))
for (s in aer) {
  y <- tryCatch(load_ts(s[1], "AER"), error = function(e) NULL)
  if (is.null(y)) next
  if (s[2] != "") y <- y[, s[2]]
  chunked(if (s[2] == "") s[1] else paste0(s[1], "_", s[2]), col1(y))
}
for (s in monthly) {
  y <- tryCatch(load_ts(s[1], s[2]), error = function(e) NULL)
  if (!is.null(y)) chunked(s[1], col1(y))
}
sb <- load_ts("Seatbelts", "datasets")
for (cn in c("DriversKilled", "front", "rear", "kms", "PetrolPrice", "VanKilled")) chunked(paste0("Seatbelts_", cn), sb[, cn])
cs <- read.csv(csfile)
for (cn in setdiff(names(cs), "month")) add(paste0("cs_monthly_", cn), ts(cs[[cn]], frequency = 12))

series <- list(); meta <- list(); cfgs <- list(); fc <- list()
band <- function(f, lv, side) {
  if (is.null(f)) return(NA)
  col <- match(lv, f$level)
  as.numeric(if (side == "lo") f$lower[, col] else f$upper[, col])
}
run <- function(id, cfg, y, start, origin, h) {
  train <- ts(y[start:origin], frequency = 12)
  cfgs[[paste(id, cfg)]] <<- data.frame(series_id = id, config = cfg, start = start, origin = origin, horizon = h)
  t0 <- proc.time()[["elapsed"]]
  fe <- tryCatch(forecast(ets(train), h = h, level = c(80, 95)), error = function(e) NULL)
  t1 <- proc.time()[["elapsed"]]
  ft <- tryCatch(thetaf(train, h = h, level = c(80, 95)), error = function(e) NULL)
  t2 <- proc.time()[["elapsed"]]
  for (m in list(list("R_ets", fe, t1 - t0), list("R_thetaf", ft, t2 - t1))) {
    f <- m[[2]]
    v <- if (is.null(f)) rep(NA, h) else as.numeric(f$mean)
    fc[[paste(id, cfg, m[[1]])]] <<- data.frame(series_id = id, config = cfg, method = m[[1]], h = seq_len(h), value = v,
      lo80 = band(f, 80, "lo"), hi80 = band(f, 80, "hi"), lo95 = band(f, 95, "lo"), hi95 = band(f, 95, "hi"), seconds = m[[3]])
  }
}
for (id in names(sets)) {
  y <- as.numeric(sets[[id]])
  n <- length(y)
  H <- if (n >= 72) 18 else 12
  series[[id]] <- data.frame(series_id = id, t = seq_len(n), value = y)
  meta[[id]] <- data.frame(series_id = id, source = id, period = 12, horizon = H)
  t0 <- proc.time()[["elapsed"]]
  for (o in list(c("tune", n - 2 * H), c("hold", n - H))) {
    origin <- as.integer(o[2])
    if (origin >= 12) run(id, o[1], y, 1, origin, H)
    for (keep in c(24, 36)) if (origin - keep >= 0 && origin < n) run(id, paste0(o[1], keep), y, origin - keep + 1, origin, min(12, n - origin))
  }
  cat(id, n, H, sprintf("%.1fs", proc.time()[["elapsed"]] - t0), "\n")
}
write.csv(do.call(rbind, series), file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, meta), file.path(out, "meta.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, cfgs), file.path(out, "configs.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, fc), file.path(out, "r_forecasts.csv"), row.names = FALSE, quote = FALSE)
cat("R", as.character(getRversion()), "forecast", as.character(packageVersion("forecast")), "\n", file = file.path(out, "versions.txt"))
