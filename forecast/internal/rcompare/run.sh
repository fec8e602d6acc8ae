#!/bin/sh
# run.sh: side-by-side comparison of package forecast with R's forecast
# package (ets, thetaf). Not part of the test path: it installs R from Debian
# and takes a few minutes (R's ets() costs about half a CPU-second a series).
# Usage (from the module root): sh forecast/internal/rcompare/run.sh [OUTDIR]
set -eu
out=${1:-/tmp/rcompare}
if ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends r-cran-forecast
fi
here=$(dirname "$0")
Rscript "$here/compare.R" "$out" assets/data/cs_monthly.csv > "$out.log" 2>&1
cat "$out/versions.txt"
go run ./forecast/internal/rcompare "$out"
