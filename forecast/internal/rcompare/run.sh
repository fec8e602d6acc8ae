#!/bin/sh
# run.sh: side-by-side comparison of package forecast with R's forecast
# package (ets, thetaf) under the held-out protocol of docs/bench/forecast.md.
# Not part of the test path: it installs R and the data packages from Debian
# and takes 5–20 minutes (R's ets() costs about 0.4 CPU-seconds a series and
# compare.R fits six configurations of 77 series).
# Usage (from the module root): sh forecast/internal/rcompare/run.sh [OUTDIR]
set -eu
out=${1:-/tmp/rcompare}
if ! Rscript -e 'library(forecast); library(AER)' >/dev/null 2>&1; then
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends r-cran-forecast r-cran-aer
fi
here=$(dirname "$0")
Rscript "$here/compare.R" "$out" assets/data/cs_monthly.csv > "$out.log" 2>&1
cat "$out/versions.txt"
go run ./forecast/internal/rcompare "$out"
# Speed: CPU time per held-out series, ours and R's, back to back.
go run ./forecast/internal/rcompare -speed "$out"
Rscript "$here/timing.R" "$out"
